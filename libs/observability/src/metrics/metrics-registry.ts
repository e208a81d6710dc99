import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Upper bounds in seconds: from a cached read (a millisecond) to a slow upstream (10 s). */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One Prometheus registry per process, with the metric families every service shares.
 * Names follow the contract (docs/patterns/observability.md); `service` is a default label.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'route' | 'method' | 'status_code'>;
  readonly busPublished: Counter<'event'>;
  readonly busConsumed: Counter<'event' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests served, by route template, method and status.',
      labelNames: ['route', 'method', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.busPublished = new Counter({
      name: 'eshop_bus_published_total',
      help: 'Integration events the broker confirmed, by event name.',
      labelNames: ['event'],
      registers: [this.registry],
    });
    this.busConsumed = new Counter({
      name: 'eshop_bus_consumed_total',
      help: 'Deliveries handled, by event name and outcome (ack, retry, park).',
      labelNames: ['event', 'outcome'],
      registers: [this.registry],
    });
  }

  /** A gauge computed at scrape time (connection states, backlog queries). */
  gauge(name: string, help: string, collect: () => number | Promise<number>): Gauge {
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await collect());
      },
    });
  }

  /**
   * A gauge with one label, all of its series computed at scrape time from `collect`
   * (label value → number), e.g. the circuit state per upstream.
   */
  labelledGauge<L extends string>(name: string, help: string, label: L, collect: () => Record<string, number>): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [value, number] of Object.entries(collect())) this.set({ [label]: value } as Record<L, string>, number);
      },
    });
  }

  /**
   * A histogram of this service's own (an app's metric: fan-out sizes, upstream latencies).
   * Asking twice for one name returns the first: a registry refuses a name registered twice.
   */
  histogram<L extends string = never>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram<L>({ name, help, buckets, labelNames, registers: [this.registry] });
  }

  /** Records one finished HTTP request; `route` is the template (`/api/catalog/items/:id`), never the raw path. */
  observeHttp(route: string, method: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ route, method, status_code: String(statusCode) }, seconds);
  }
}
