import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { CheckoutRepositoryPort } from './checkout-repository.port';

export interface ReturnExpiredCheckoutsOptions {
  readonly intervalMs: number;
  readonly batchSize: number;
}

/**
 * The sweeper: every interval, gives back to their baskets the units of checkouts whose
 * OrderStarted did not come before their deadline (the event was lost or parked, or a crash
 * came between taking the basket and publishing). Each give-back is one atomic, idempotent
 * script, so several instances may sweep at once.
 */
export class ReturnExpiredCheckoutsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReturnExpiredCheckouts');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly checkouts: CheckoutRepositoryPort,
    private readonly options: ReturnExpiredCheckoutsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(this.options.intervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: batches until fewer than a batch were due. Returns how many were given back. */
  async returnExpired(nowMs = Date.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const returned = await this.checkouts.returnExpired(nowMs, this.options.batchSize);
      total += returned;
      if (returned < this.options.batchSize || this.stopping) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.returnExpired()
        .then((count) => count > 0 && this.logger.warn({ msg: 'checkouts given back: no OrderStarted in time', count }))
        .catch((error: unknown) => this.logger.warn({ msg: 'checkout sweep failed', err: String(error) }))
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }
}
