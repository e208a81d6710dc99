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

  /** Records one finished HTTP request; `route` is the template (`/api/catalog/items/:id`), never the raw path. */
  observeHttp(route: string, method: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ route, method, status_code: String(statusCode) }, seconds);
  }
}
