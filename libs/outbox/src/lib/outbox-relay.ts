import { silentLogger, type StructuredLogger } from '@eshop/logger';
import type { Pool } from 'pg';
import { NotificationListener } from './notification-listener';
import {
  backoffDelayMs,
  resolveRelayOptions,
  type OutboxRelayOptions,
  type OutboxRelayOverrides,
} from './outbox-relay.options';
import { OutboxStore, type ClaimedEvent, type FailedAttempt } from './outbox-store';
import { OUTBOX_CHANNEL, type OutboxPublisher } from './outbox.types';
import { WakeSignal } from './wake-signal';

export interface OutboxRelayStatus {
  readonly running: boolean;
  readonly listening: boolean;
}

/**
 * Moves committed events from `integration_event_log` to the broker, at least once.
 *
 * Each of `concurrency` workers loops: claim a batch (SKIP LOCKED, with a lease) → publish
 * it concurrently, each publish resolving on the broker's confirm → mark the confirmed rows
 * `published` and back the others off. A worker sleeps only when its batch was not full and
 * no wake-up arrived meanwhile; it wakes on NOTIFY (through the LISTEN connection) or after
 * `pollIntervalMs`, so a lost notification costs latency, never an event.
 *
 * A crash anywhere leaves rows `in_progress` with a lease: the next relay takes them over
 * when it expires and publishes them again (a duplicate that consumers absorb, never a loss).
 */
export class OutboxRelay {
  readonly options: OutboxRelayOptions;
  private readonly store: OutboxStore;
  private readonly signal = new WakeSignal();
  private readonly listener: NotificationListener | undefined;
  private workers: Promise<void>[] = [];
  private running = false;
  private claims = 0;
  private failingSince: number | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private retention: Promise<unknown> = Promise.resolve();
  private purging = false;
  private stopping = false;

  constructor(
    pool: Pool,
    private readonly publisher: OutboxPublisher,
    overrides: OutboxRelayOverrides = {},
    private readonly logger: StructuredLogger = silentLogger,
  ) {
    this.options = resolveRelayOptions(overrides);
    this.store = new OutboxStore(pool);
    this.listener = this.options.listen
      ? new NotificationListener(pool, {
          channel: OUTBOX_CHANNEL,
          reconnectMs: this.options.listenReconnectMs,
          onWake: () => this.signal.wake(),
          logger,
        })
      : undefined;
  }

  status(): OutboxRelayStatus {
    return { running: this.running, listening: this.listener?.listening ?? false };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listener?.start();
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
    const { retention } = this.options;
    if (retention.enabled) {
      this.retentionTimer = setInterval(() => this.scheduleRetention(), retention.intervalMs);
    }
    this.logger.info(
      { relayId: this.options.relayId, batchSize: this.options.batchSize, listen: this.options.listen },
      'outbox relay started',
    );
  }

  /** Stops claiming, lets the batches in flight finish (publish and mark), releases LISTEN. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping = true;
    clearInterval(this.retentionTimer);
    this.signal.wakeAll();
    await Promise.all(this.workers);
    await this.retention;
    await this.listener?.stop();
    this.stopping = false;
    this.logger.info({ relayId: this.options.relayId }, 'outbox relay stopped');
  }

  /** One claim → publish → mark cycle. Returns how many rows it claimed. */
  async relayBatch(): Promise<number> {
    if (this.options.isBusReady && !this.options.isBusReady()) return 0;
    const owner = `${this.options.relayId}#${++this.claims}`;
    const batch = await this.store.claim(this.options.batchSize, this.options.leaseMs, owner);
    if (batch.length === 0) return 0;
    const outcomes = await Promise.allSettled(
      batch.map((row) =>
        this.publisher.publishValidated(row.name, row.event, row.traceparent ? { traceparent: row.traceparent } : {}),
      ),
    );
    const published: string[] = [];
    const failed: FailedAttempt[] = [];
    outcomes.forEach((outcome, index) => {
      const row = batch[index] as ClaimedEvent;
      if (outcome.status === 'fulfilled') published.push(row.eventId);
      else failed.push(this.failure(row, outcome.reason));
    });
    if (published.length > 0) this.options.afterPublish?.(published);
    await this.store.markPublished(published, owner);
    await this.store.markFailed(failed, owner);
    this.reportFailures(failed, batch);
    return batch.length;
  }

  /** Deletes published rows past the retention age, batch by batch. Returns how many. */
  async purgePublished(): Promise<number> {
    const { maxAgeMs, batchSize } = this.options.retention;
    let total = 0;
    for (;;) {
      const deleted = await this.store.deletePublishedBefore(maxAgeMs, batchSize);
      total += deleted;
      if (deleted < batchSize || this.stopping) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'outbox retention deleted published events');
    return total;
  }

  private async work(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.relayBatch();
        this.recovered();
      } catch (error) {
        this.failed(error); // the database is away (or a statement failed): the poll retries
      }
      if (!this.running) return;
      if (claimed >= this.options.batchSize) {
        this.signal.wake(); // a backlog: bring an idle worker in, and go on at once
        continue;
      }
      if (this.signal.takePending()) continue;
      await this.signal.wait(this.options.pollIntervalMs);
    }
  }

  /** One retention run at a time: a slow run is not stacked on by the next tick. */
  private scheduleRetention(): void {
    if (this.purging) return;
    this.purging = true;
    this.retention = this.purgePublished()
      .catch((error: unknown) => this.logger.warn({ err: describe(error) }, 'outbox retention failed'))
      .finally(() => (this.purging = false));
  }

  /** Logs the first failure of a streak, then once a minute, not once per poll per worker. */
  private failed(error: unknown): void {
    const now = Date.now();
    if (this.failingSince === undefined || now - this.failingSince >= 60_000) {
      this.logger.warn({ err: describe(error) }, 'outbox relay batch failed; retrying every poll');
      this.failingSince = now;
    }
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    this.failingSince = undefined;
    this.logger.info({}, 'outbox relay recovered');
  }

  private failure(row: ClaimedEvent, reason: unknown): FailedAttempt {
    const exhausted = row.attempts >= this.options.maxAttempts;
    return {
      eventId: row.eventId,
      error: describe(reason),
      nextState: exhausted ? 'failed' : 'not_published',
      delayMs: exhausted ? 0 : backoffDelayMs(row.attempts, this.options.backoff),
    };
  }

  private reportFailures(failed: readonly FailedAttempt[], batch: readonly ClaimedEvent[]): void {
    if (failed.length === 0) return;
    this.logger.warn(
      { failed: failed.length, of: batch.length, firstError: failed[0]?.error },
      'outbox publish failed; rows backed off',
    );
    for (const failure of failed.filter((f) => f.nextState === 'failed')) {
      const row = batch.find((r) => r.eventId === failure.eventId);
      this.logger.error(
        { eventId: failure.eventId, eventName: row?.name, attempts: row?.attempts, err: failure.error },
        'OUTBOX EVENT FAILED: attempts exhausted, it will not be retried until an operator resets it',
      );
    }
  }
}

function describe(error: unknown, max = 1_000): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
