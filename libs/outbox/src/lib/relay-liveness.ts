import { randomInt } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import type { StructuredLogger } from '@eshop/logger';
import { describeError } from './describe-error';
import { RELAY_LIVENESS_LOCK_CLASS } from './lease-takeover.migration';

export interface RelayLivenessOptions {
  readonly relayId: string;
  /** First delay before re-opening a dropped session; doubles per failed try, up to 10 s. */
  readonly reconnectMs: number;
  /** Called whenever a lock is (re)acquired: rows may be waiting for this relay. */
  readonly onAcquired: () => void;
  readonly logger: StructuredLogger;
}

const MAX_RECONNECT_MS = 10_000;
const KEY_TRIES = 10;

/**
 * The relay's proof of life: one dedicated session (never a pool connection, so it is never
 * recycled) holding the session-level advisory lock `(RELAY_LIVENESS_LOCK_CLASS, key)` with a
 * random key. The relay writes the key into every `lease_owner` it claims. When the process
 * dies, Postgres ends the session and releases the lock, and other relays may take the rows
 * over after the orphan grace instead of waiting for the lease (ADR 0002).
 *
 * When the session drops while the process lives, the key is forgotten at once: the relay
 * claims nothing and publishes nothing claimed under it, and a new session takes a NEW key
 * (the old key's rows are orphans now; this relay may take them over like any other).
 */
export class RelayLiveness {
  private client: Client | undefined;
  private heldKey: number | undefined;
  private attempt: Promise<number | undefined> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private lostOnce = false;
  /** Bumped by `stop()`: an attempt that started before it must not adopt its session. */
  private generation = 0;

  constructor(
    private readonly config: ClientConfig,
    private readonly options: RelayLivenessOptions,
  ) {}

  /** The key of the lock held now, if any. */
  get key(): number | undefined {
    return this.heldKey;
  }

  /** True while this relay still holds the lock `key` (as far as it knows). */
  holds(key: number): boolean {
    return this.heldKey === key;
  }

  /**
   * The key held now. Without one, opens a session unless a reconnect is already scheduled
   * (then: undefined, claim nothing). Concurrent callers share one attempt.
   */
  acquire(): Promise<number | undefined> {
    if (this.heldKey !== undefined) return Promise.resolve(this.heldKey);
    if (this.retryTimer) return Promise.resolve(undefined);
    this.attempt ??= this.open().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  /** Ends the session (Postgres releases the lock); a later `acquire` opens a new one. */
  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.attempt;
    const client = this.client;
    this.client = undefined;
    this.heldKey = undefined;
    this.failures = 0;
    await client?.end().catch(() => undefined);
  }

  private async open(): Promise<number | undefined> {
    const generation = this.generation;
    const client = new Client(this.config);
    // A session error must never go unhandled (it would crash the process).
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('liveness session ended')));
    try {
      await client.connect();
      const key = await lockSomeKey(client);
      if (generation !== this.generation) throw new Error('relay stopped');
      this.adopt(client, key);
      return key;
    } catch (error) {
      void client.end().catch(() => undefined);
      if (generation === this.generation) this.scheduleReconnect(error);
      return undefined;
    }
  }

  private adopt(client: Client, key: number): void {
    this.client = client;
    this.heldKey = key;
    this.failures = 0;
    const { relayId, logger } = this.options;
    if (this.lostOnce) logger.info({ relayId, key }, 'outbox relay holds a liveness lock again; claiming');
    else logger.debug({ relayId, key }, 'outbox relay holds its liveness lock');
    this.options.onAcquired();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    const key = this.heldKey;
    this.client = undefined;
    this.heldKey = undefined;
    this.lostOnce = true;
    void client.end().catch(() => undefined);
    this.scheduleReconnect(error, key);
  }

  private scheduleReconnect(error: unknown, lostKey?: number): void {
    this.failures++;
    const retryInMs = Math.min(MAX_RECONNECT_MS, this.options.reconnectMs * 2 ** (this.failures - 1));
    this.options.logger.warn(
      { relayId: this.options.relayId, lostKey, err: describeError(error), retryInMs },
      'outbox relay has no liveness lock; claiming nothing until it holds a new one',
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.acquire();
    }, retryInMs);
    this.retryTimer.unref();
  }
}

/** Takes the lock with a random key in [1, 2^31 − 1], trying another key if one is taken. */
async function lockSomeKey(client: Client): Promise<number> {
  for (let i = 0; i < KEY_TRIES; i++) {
    const key = randomInt(1, 2 ** 31);
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
      RELAY_LIVENESS_LOCK_CLASS,
      key,
    ]);
    if (rows[0]?.locked) return key;
  }
  throw new Error(`no free liveness key after ${KEY_TRIES} tries`);
}
