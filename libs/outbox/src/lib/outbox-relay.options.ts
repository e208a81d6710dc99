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
  /**
   * How long after a claim another relay may take the row over when the claiming relay's
   * liveness lock is gone (it died, or lost its liveness session), instead of waiting for the
   * lease. Every publish of this relay must end within it: the bus' publish timeout must stay
   * below `maxRelayPublishTimeoutMs(...)`, and a batch whose claim took longer than a fifth of
   * it is released unpublished. Give every relay of one table the same value.
   */
  readonly orphanGraceMs: number;
  /** First delay before the liveness session is re-opened after it dropped (doubling, ≤ 10 s). */
  readonly livenessReconnectMs: number;
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
  const options: OutboxRelayOptions = {
    relayId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    batchSize: 1_000,
    concurrency: 4,
    pollIntervalMs: 1_000,
    listen: true,
    leaseMs: 30_000,
    orphanGraceMs: 5_000,
    livenessReconnectMs: 500,
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
  if (!(options.orphanGraceMs > 0)) throw new RangeError(`orphanGraceMs must be > 0, got ${options.orphanGraceMs}`);
  return options;
}

/** The part of the orphan grace a claim's round trip may take; a slower claim is released. */
export function staleClaimMs(options: Pick<OutboxRelayOptions, 'orphanGraceMs'>): number {
  return options.orphanGraceMs / 5;
}

/**
 * The longest publish timeout the bus of a relay may have. A relay's publish starts within
 * `staleClaimMs` (a fifth of the grace) of its claim and must have ended before the grace runs
 * out, when another relay may take the row over if this one lost its liveness lock; a further
 * fifth is left for timers firing late. It also stays at most half the lease (a batch must
 * finish within its lease) and 10 s. Defaults: min(10 000, 15 000, 3 000) = 3 000 ms.
 */
export function maxRelayPublishTimeoutMs(overrides: OutboxRelayOverrides = {}): number {
  const { leaseMs, orphanGraceMs } = resolveRelayOptions(overrides);
  return Math.min(10_000, Math.floor(leaseMs / 2), Math.floor((orphanGraceMs * 3) / 5));
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
