import { traceRelayBatch, traceRelayPublish } from '@eshop/tracing';
import { silentLogger, type StructuredLogger } from '@eshop/logger';
import type { Pool } from 'pg';
import { describeError as describe } from './describe-error';
import { NotificationListener } from './notification-listener';
import {
  backoffDelayMs,
  resolveRelayOptions,
  staleClaimMs,
  type OutboxRelayOptions,
  type OutboxRelayOverrides,
} from './outbox-relay.options';
import { OutboxStore, type ClaimedEvent, type FailedAttempt } from './outbox-store';
import { OUTBOX_CHANNEL, type OutboxPublisher } from './outbox.types';
import { RelayLiveness } from './relay-liveness';
import { deleteInBatches, RetentionTimer } from './retention-timer';
import { WakeSignal } from './wake-signal';

export interface OutboxRelayStatus {
  readonly running: boolean;
  readonly listening: boolean;
  /** Holds its liveness lock: without it the relay claims nothing. */
  readonly alive: boolean;
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
 * A crash anywhere leaves rows `in_progress` with a lease. The relay's liveness lock
 * (relay-liveness.ts) goes with its process, so another relay takes such rows over once they
 * were claimed `orphanGraceMs` ago, and at the latest when the lease expires; it publishes them
 * again (a duplicate that consumers absorb, never a loss). While the relay lives, nobody takes
 * its rows before their lease ends.
 */
export class OutboxRelay {
  readonly options: OutboxRelayOptions;
  private readonly store: OutboxStore;
  private readonly signal = new WakeSignal();
  private readonly listener: NotificationListener | undefined;
  private readonly liveness: RelayLiveness;
  private workers: Promise<void>[] = [];
  private running = false;
  private claims = 0;
  private failingSince: number | undefined;
  private readonly retention: RetentionTimer;

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
    this.retention = new RetentionTimer(
      this.options.retention.intervalMs,
      () => this.purgePublished(),
      (error) => logger.warn({ err: describe(error) }, 'outbox retention failed'),
    );
    this.liveness = new RelayLiveness(
      // Its own session with the pool's settings, outside the pool: never recycled.
      { ...pool.options, keepAlive: true, application_name: 'outbox-relay-liveness' },
      {
        relayId: this.options.relayId,
        reconnectMs: this.options.livenessReconnectMs,
        onAcquired: () => this.signal.wake(),
        logger,
      },
    );
  }

  status(): OutboxRelayStatus {
    return {
      running: this.running,
      listening: this.listener?.listening ?? false,
      alive: this.liveness.key !== undefined,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listener?.start();
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
    if (this.options.retention.enabled) this.retention.start();
    this.logger.info(
      { relayId: this.options.relayId, batchSize: this.options.batchSize, listen: this.options.listen },
      'outbox relay started',
    );
  }

  /**
   * Stops claiming, lets the batches in flight finish (publish and mark), releases LISTEN,
   * and only then the liveness lock.
   */
  async stop(): Promise<void> {
    if (!this.running) {
      await this.liveness.stop(); // opened by relayBatch() calls without start()
      return;
    }
    this.running = false;
    this.signal.wakeAll();
    await Promise.all([...this.workers, this.retention.stop()]);
    await this.listener?.stop();
    await this.liveness.stop();
    this.logger.info({ relayId: this.options.relayId }, 'outbox relay stopped');
  }

  /**
   * One claim → publish → mark cycle. Returns how many rows it claimed and published or
   * backed off (0 when it claimed nothing, or released what it claimed unpublished).
   */
  async relayBatch(): Promise<number> {
    if (!this.busReady()) return 0;
    const key = await this.liveness.acquire();
    if (key === undefined) return 0;
    const owner = `${key}/${this.options.relayId}#${++this.claims}`;
    const { batchSize, leaseMs, orphanGraceMs } = this.options;
    const claimStarted = performance.now();
    const batch = await this.store.claim(batchSize, leaseMs, orphanGraceMs, owner);
    if (batch.length === 0) return 0;
    const claimMs = performance.now() - claimStarted;
    const refusal = this.refusal(key, claimMs);
    if (refusal) {
      await this.handBack(batch, owner, refusal, claimMs);
      return 0;
    }
    // With tracing on: a span per batch, and per row a publish span that continues the trace
    // stored in the row (docs/patterns/observability.md).
    const outcomes = await traceRelayBatch(batch.length, { 'eshop.outbox.relay_id': this.options.relayId }, () =>
      Promise.allSettled(
        batch.map((row) =>
          traceRelayPublish(
            { name: row.name, eventId: row.eventId, traceparent: row.traceparent ?? undefined, attempts: row.attempts },
            (traceparent) => this.publisher.publishValidated(row.name, row.event, traceparent ? { traceparent } : {}),
          ),
        ),
      ),
    );
    await this.settle(batch, outcomes, owner, claimMs);
    return batch.length;
  }

  /** Marks what was confirmed published; backs off (or fails) the rest, unless the bus went away. */
  private async settle(
    batch: readonly ClaimedEvent[],
    outcomes: readonly PromiseSettledResult<unknown>[],
    owner: string,
    claimMs: number,
  ): Promise<void> {
    const published: string[] = [];
    const unpublished: { row: ClaimedEvent; reason: unknown }[] = [];
    outcomes.forEach((outcome, index) => {
      const row = batch[index] as ClaimedEvent;
      if (outcome.status === 'fulfilled') published.push(row.eventId);
      else unpublished.push({ row, reason: outcome.reason });
    });
    if (published.length > 0) this.options.afterPublish?.(published);
    await this.store.markPublished(published, owner);
    if (unpublished.length === 0) return;
    if (!this.busReady()) {
      // The broker went away during the publish: the events are not at fault, and an outage
      // must not spend the attempts that exist to set a poison event aside.
      const rows = unpublished.map(({ row }) => row);
      await this.handBack(rows, owner, 'the bus disconnected while publishing', claimMs);
      return;
    }
    const failed = unpublished.map(({ row, reason }) => this.failure(row, reason));
    await this.store.markFailed(failed, owner);
    this.reportFailures(failed, batch);
  }

  /**
   * The last check before publishing a claimed batch: why it must not be published, if so.
   * Another relay may take these rows over `orphanGraceMs` after the claim once this relay's
   * lock is gone, so this relay publishes only while it still holds the key it claimed with,
   * and only if the claim came back quickly enough for every publish (bounded by the bus'
   * timeout) to end within the grace.
   */
  private refusal(key: number, claimMs: number): string | undefined {
    if (!this.liveness.holds(key)) return 'outbox relay lost its liveness lock after claiming';
    // Checked before the claim too; the claim's round trips leave time for the bus to go away.
    if (!this.busReady()) return 'the bus disconnected while claiming';
    if (claimMs > staleClaimMs(this.options)) return 'outbox claim came back too late to publish within the grace';
    return undefined;
  }

  /** True unless the bus says it cannot publish now (no `isBusReady`: always). */
  private busReady(): boolean {
    return this.options.isBusReady?.() ?? true;
  }

  /** Hands a batch back unpublished (claimable at once), and says why. */
  private async handBack(batch: readonly ClaimedEvent[], owner: string, why: string, claimMs: number): Promise<void> {
    const released = await this.store.release(
      batch.map((row) => row.eventId),
      owner,
    );
    this.logger.warn(
      { relayId: this.options.relayId, claimed: batch.length, released, claimMs: Math.round(claimMs) },
      `${why}; batch handed back unpublished`,
    );
  }

  /** Deletes published rows past the retention age, batch by batch. Returns how many. */
  async purgePublished(): Promise<number> {
    const { maxAgeMs, batchSize } = this.options.retention;
    const total = await deleteInBatches(
      () => this.store.deletePublishedBefore(maxAgeMs, batchSize),
      batchSize,
      () => this.retention.stopping,
    );
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
