import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface OutboxRelayOptions {
  /** Identifies this relay in `lease_owner` and in logs. */
  readonly relayId: string;
  /** Rows claimed (and published concurrently) per batch. */
  readonly batchSize: number;
  /** Batches in flight at once in this relay (each one claim → publish → mark pipeline). */
  readonly concurrency: number;
  /** Safety-net poll: the longest a row waits when its notification was lost. */
  readonly pollIntervalMs: number;
  /** Wake on LISTEN/NOTIFY (off: polling only, e.g. behind a pooler that drops LISTEN). */
  readonly listen: boolean;
  /** How long a claim is exclusive; after it another relay may take the row over. */
  readonly leaseMs: number;
  /** After this many failed attempts a row goes `failed` and waits for an operator. */
  readonly maxAttempts: number;
  /** Backoff after a failed attempt: initial × 2^(attempt−1), capped, ±25 % jitter. */
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  /** Delay before the LISTEN connection is re-established after it dropped. */
  readonly listenReconnectMs: number;
  /** Deletes published rows older than `maxAgeMs`, `batchSize` rows per statement. */
  readonly retention: {
    readonly enabled: boolean;
    readonly maxAgeMs: number;
    readonly intervalMs: number;
    readonly batchSize: number;
  };
  /**
   * Called after a batch's publishes were confirmed and before they are marked. Exists for
   * the crash-recovery test (see OUTBOX_TEST_CRASH_AFTER_PUBLISH in docs/patterns/outbox.md).
   */
  readonly afterPublish?: (eventIds: readonly string[]) => void;
  /** When it returns false the relay claims nothing (the broker is away: keep rows untouched). */
  readonly isBusReady?: () => boolean;
}

export type OutboxRelayOverrides = Partial<
  Omit<OutboxRelayOptions, 'backoff' | 'retention'> & {
    readonly backoff: Partial<OutboxRelayOptions['backoff']>;
    readonly retention: Partial<OutboxRelayOptions['retention']>;
  }
>;

const HOUR = 3_600_000;

export function resolveRelayOptions(overrides: OutboxRelayOverrides = {}): OutboxRelayOptions {
  return {
    relayId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    batchSize: 1_000,
    concurrency: 4,
    pollIntervalMs: 1_000,
    listen: true,
    leaseMs: 30_000,
    maxAttempts: 20,
    listenReconnectMs: 1_000,
    ...overrides,
    backoff: { initialMs: 1_000, maxMs: 60_000, ...overrides.backoff },
    retention: {
      enabled: true,
      maxAgeMs: 7 * 24 * HOUR,
      intervalMs: HOUR / 12,
      batchSize: 1_000,
      ...overrides.retention,
    },
  };
}

/** Delay before attempt `attempts + 1`, given `attempts` already failed. */
export function backoffDelayMs(
  attempts: number,
  backoff: OutboxRelayOptions['backoff'],
  random: () => number = Math.random,
): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
