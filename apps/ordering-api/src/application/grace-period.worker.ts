import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { gracePeriodConfirmed } from './order-started.integration-event-factory';
import type { UnitOfWorkPort } from './unit-of-work.port';

export interface GracePeriodOptions {
  readonly gracePeriodMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
}

/**
 * eShop's GracePeriodManagerService, made safe with several instances: every interval it
 * claims the `submitted` orders whose grace period is over (SKIP LOCKED, stamped so each is
 * claimed once) and writes a GracePeriodConfirmed event per order to the outbox in the
 * same transaction. Ordering consumes that event itself and moves the order on; eShop
 * re-published it for every such order on every tick until the status changed.
 */
export class GracePeriodWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('GracePeriodWorker');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private started = false;
  private stopping = false;

  constructor(
    private readonly unitOfWork: UnitOfWorkPort,
    private readonly options: GracePeriodOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.started = true;
    this.schedule(0);
  }

  /** Finishes the pass in progress; a half-done pass rolls back and the orders stay due. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: claims batches until fewer than a batch are due. Returns the orders confirmed. */
  async confirmExpired(): Promise<number[]> {
    const confirmed: number[] = [];
    for (;;) {
      const batch = await this.unitOfWork.run(async (tx) => {
        const claimed = await tx.gracePeriods.claimExpired(this.options.gracePeriodMs, this.options.batchSize);
        // Each event continues its order's trace (the checkout's), not this timer's.
        await tx.saveEvents(claimed.map(({ id, traceparent }) => gracePeriodConfirmed(id, traceparent ?? undefined)));
        return claimed.map(({ id }) => id);
      });
      confirmed.push(...batch);
      if (batch.length < this.options.batchSize || this.stopping) return confirmed;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started || this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.confirmExpired()
        .then((ids) => ids.length > 0 && this.logger.log({ msg: 'grace period confirmed', orderIds: ids }))
        .catch((error: unknown) => this.logger.warn({ msg: 'grace period pass failed', err: String(error) }))
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }
}
