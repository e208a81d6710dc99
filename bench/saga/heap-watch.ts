// The soak's view of each app's live heap. Every `everyMs` it reads V8's used heap
// (prom-client's `nodejs_heap_size_used_bytes`) from each app's /metrics. Garbage counts until
// the next collection, so the used heap saws between major GCs (basket-api under the soak: 70 →
// 230 MB in about 90 s); its lowest value over a span holding major GCs is the live heap. Reads
// every 2 s put a read within a few MB of each GC's low point. A scrape also runs the outbox
// gauges' queries: this is the soak's, not bench:saga's, whose CPU figures it would disturb.
import { heapUsedMb } from './saga-probes';
import { SAGA_APPS, type SagaApp, type SagaSystem } from './saga-system';

export interface HeapSample {
  /** Milliseconds since the watch started. */
  readonly atMs: number;
  /** NaN when the app did not answer. */
  readonly mb: number;
}

export class HeapWatch {
  private readonly samples = new Map<SagaApp, HeapSample[]>(SAGA_APPS.map((app) => [app, []]));
  private readonly startedAt = Date.now();
  private reading = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly system: SagaSystem,
    everyMs: number,
  ) {
    this.timer = setInterval(() => void this.read(), everyMs);
  }

  static start(system: SagaSystem, everyMs = 2_000): HeapWatch {
    return new HeapWatch(system, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  of(app: SagaApp): readonly HeapSample[] {
    return this.samples.get(app) ?? [];
  }

  where(app: SagaApp): string {
    return this.system.metricsUrl(app);
  }

  /** One read of every app at once; a read still running when the next is due skips that one. */
  private async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const atMs = Date.now() - this.startedAt;
      const figures = await Promise.all(SAGA_APPS.map((app) => heapUsedMb(this.system.metricsUrl(app))));
      SAGA_APPS.forEach((app, index) => this.samples.get(app)?.push({ atMs, mb: figures[index] ?? Number.NaN }));
    } finally {
      this.reading = false;
    }
  }
}

/** The lowest finite figure of `samples` in [fromMs, toMs), with how many finite figures there were. */
export function heapFloor(samples: readonly HeapSample[], fromMs: number, toMs: number): { readonly mb: number; readonly count: number } {
  const figures = samples.filter((s) => s.atMs >= fromMs && s.atMs < toMs && Number.isFinite(s.mb)).map((s) => s.mb);
  return { mb: figures.length > 0 ? Math.min(...figures) : Number.NaN, count: figures.length };
}
