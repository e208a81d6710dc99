/**
 * Hands wake-ups to a set of workers: a wake-up goes to one idle worker, or, when every
 * worker is busy, is remembered so the next worker to finish runs again instead of sleeping
 * (its claim may have started before the commit that caused the wake-up).
 */
export class WakeSignal {
  private readonly idle: Array<() => void> = [];
  private pending = false;

  /** Wakes one idle worker, or marks a wake-up as pending. */
  wake(): void {
    const next = this.idle.shift();
    if (next) next();
    else this.pending = true;
  }

  /** Wakes every idle worker (shutdown). */
  wakeAll(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** True (and consumed) when a wake-up arrived while every worker was busy. */
  takePending(): boolean {
    const pending = this.pending;
    this.pending = false;
    return pending;
  }

  /** Resolves on the next wake-up addressed to this worker, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const index = this.idle.indexOf(done);
        if (index >= 0) this.idle.splice(index, 1);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.idle.push(done);
    });
  }
}
