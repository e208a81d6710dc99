import type { Pool } from 'pg';

/** What the outbox holds that is not published yet: the numbers behind its gauges. */
export interface OutboxBacklog {
  /** Rows `not_published` or `in_progress`. */
  readonly pending: number;
  /** Age of the oldest of them, from the database clock; 0 when there is none. */
  readonly oldestPendingAgeSeconds: number;
  /** Rows whose publishing failed at least once and that are not published: retrying, or `failed` for good. */
  readonly failed: number;
}

/**
 * One statement. The pending part walks the pending partial index (as small as the backlog);
 * the `failed` part the failed partial index (outbox-failed-index.migration.ts). Published
 * rows, however many retention keeps, are never read.
 */
const BACKLOG_SQL = `
  SELECT p.pending, p.oldest_age, p.retrying + f.failed AS failed
  FROM (
    SELECT count(*)::int AS pending,
           coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_age,
           count(*) FILTER (WHERE last_error IS NOT NULL)::int AS retrying
    FROM integration_event_log WHERE state IN ('not_published', 'in_progress')
  ) p, (
    SELECT count(*)::int AS failed FROM integration_event_log WHERE state = 'failed'
  ) f`;

interface BacklogRow {
  pending: number;
  oldest_age: number;
  failed: number;
}

export async function readOutboxBacklog(db: Pick<Pool, 'query'>): Promise<OutboxBacklog> {
  const { rows } = await db.query<BacklogRow>(BACKLOG_SQL);
  const row = rows[0] ?? { pending: 0, oldest_age: 0, failed: 0 };
  return { pending: row.pending, oldestPendingAgeSeconds: Math.max(0, row.oldest_age), failed: row.failed };
}

/**
 * Shares one backlog query among the three gauges of a scrape: Prometheus' client collects
 * them concurrently, so the first caller starts the query and the others join it; a result
 * younger than `maxAgeMs` is reused (two scrapers, or a scrape and a test, at the same time).
 */
export class OutboxBacklogSampler {
  private inFlight: Promise<OutboxBacklog> | undefined;
  private last: { readonly at: number; readonly backlog: OutboxBacklog } | undefined;

  constructor(
    private readonly db: Pick<Pool, 'query'>,
    private readonly maxAgeMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  sample(): Promise<OutboxBacklog> {
    if (this.last && this.now() - this.last.at < this.maxAgeMs) return Promise.resolve(this.last.backlog);
    this.inFlight ??= readOutboxBacklog(this.db)
      .then((backlog) => {
        this.last = { at: this.now(), backlog };
        return backlog;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
