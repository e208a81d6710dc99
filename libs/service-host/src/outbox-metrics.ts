import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { ServiceLogger, ServiceMetrics } from '@eshop/observability';
import { OutboxBacklogSampler, type OutboxBacklog } from '@eshop/outbox';

const OUTBOX_METRICS_DATABASE = Symbol('OUTBOX_METRICS_DATABASE');

/** A scrape must not hang on a slow or absent database: it answers NaN instead. */
const QUERY_TIMEOUT_MS = 2_000;

/**
 * The outbox gauges, computed from one query per scrape (shared by the three):
 * `eshop_outbox_pending_events`, `eshop_outbox_oldest_pending_age_seconds`,
 * `eshop_outbox_failed_events`. Every process with an outbox reports them, relay or not (the
 * backlog is the database's; alerts take the `max` per service). A one-connection pool of
 * their own keeps scrapes off the request and relay pools.
 */
@Injectable()
export class OutboxMetrics implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Inject(OUTBOX_METRICS_DATABASE) databaseUrl: string,
    @Inject(ServiceLogger) private readonly logger: ServiceLogger,
  ) {
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: 1,
      application_name: 'outbox-metrics',
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      idleTimeoutMillis: 60_000,
    });
    this.pool.on('error', (error) => this.logger.warn({ err: error.message }, 'outbox metrics connection error'));
    const sampler = new OutboxBacklogSampler(this.pool);
    const read = (pick: (backlog: OutboxBacklog) => number) => () =>
      sampler.sample().then(pick, (error: unknown) => this.unreadable(error));
    metrics.gauge('eshop_outbox_pending_events', 'Outbox events not yet published.', read((b) => b.pending));
    metrics.gauge(
      'eshop_outbox_oldest_pending_age_seconds',
      'Age of the oldest unpublished outbox event (0 when there is none).',
      read((b) => b.oldestPendingAgeSeconds),
    );
    metrics.gauge(
      'eshop_outbox_failed_events',
      'Unpublished outbox events whose publishing failed at least once.',
      read((b) => b.failed),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /** NaN, not a failed scrape: the other metrics of the process stay visible. */
  private unreadable(error: unknown): number {
    this.logger.warn({ err: (error as Error).message }, 'outbox backlog unreadable; gauges report NaN');
    return Number.NaN;
  }
}

/** The outbox gauges of a service whose outbox lives in `databaseUrl`. */
export function outboxMetricsProviders(databaseUrl: string): Provider[] {
  return [{ provide: OUTBOX_METRICS_DATABASE, useValue: databaseUrl }, OutboxMetrics];
}
