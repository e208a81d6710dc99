/**
 * Runs a retention job every `intervalMs`, one run at a time: a slow run is not stacked on by
 * the next tick, and `stop()` waits for the run in flight (which should check `stopping`
 * between batches and end early). Used by the relay (published outbox rows) and the inbox
 * (handled-event records).
 */
export class RetentionTimer {
  private timer: NodeJS.Timeout | undefined;
  private run: Promise<unknown> = Promise.resolve();
  private busy = false;
  private halted = false;

  constructor(
    private readonly intervalMs: number,
    private readonly job: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True from `stop()` until the next `start()`: a running job should stop between batches. */
  get stopping(): boolean {
    return this.halted;
  }

  start(): void {
    if (this.timer) return;
    this.halted = false;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.halted = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.run;
  }

  private tick(): void {
    if (this.busy) return;
    this.busy = true;
    this.run = this.job()
      .catch((error: unknown) => this.onError(error))
      .finally(() => (this.busy = false));
  }
}

/** Calls `deleteBatch` until it deletes fewer than `batchSize` rows or `stop()` says so; returns the total. */
export async function deleteInBatches(
  deleteBatch: () => Promise<number>,
  batchSize: number,
  stop: () => boolean,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batchSize || stop()) return total;
  }
}
