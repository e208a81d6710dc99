import type { OutboxRelayOverrides } from './outbox-relay.options';

/** The OUTBOX_* variables of a service config (libs/config `outboxEnv`), already parsed. */
export interface OutboxRelayEnv {
  readonly OUTBOX_BATCH_SIZE: number;
  readonly OUTBOX_CONCURRENCY: number;
  readonly OUTBOX_POLL_INTERVAL_MS: number;
  readonly OUTBOX_LISTEN: boolean;
  readonly OUTBOX_LEASE_MS: number;
  /** Optional: the relay's default (5 000 ms) when absent. */
  readonly OUTBOX_ORPHAN_GRACE_MS?: number;
  readonly OUTBOX_MAX_ATTEMPTS: number;
  readonly OUTBOX_RETENTION_HOURS: number;
}

/**
 * Relay options from the environment. `isBusReady` lets the relay leave rows alone while
 * the broker is away instead of burning their attempts.
 */
export function relayOptionsFromEnv(env: OutboxRelayEnv, isBusReady: () => boolean): OutboxRelayOverrides {
  return {
    batchSize: env.OUTBOX_BATCH_SIZE,
    concurrency: env.OUTBOX_CONCURRENCY,
    pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    listen: env.OUTBOX_LISTEN,
    leaseMs: env.OUTBOX_LEASE_MS,
    ...(env.OUTBOX_ORPHAN_GRACE_MS === undefined ? {} : { orphanGraceMs: env.OUTBOX_ORPHAN_GRACE_MS }),
    maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
    retention: { maxAgeMs: env.OUTBOX_RETENTION_HOURS * 3_600_000 },
    isBusReady,
  };
}
