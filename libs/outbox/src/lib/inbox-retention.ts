const HOUR = 3_600_000;

/** Deletes handled-event records older than `maxAgeMs`, `batchSize` per statement, every `intervalMs`. */
export interface InboxRetentionOptions {
  readonly enabled: boolean;
  /**
   * Must outlast every way a copy of an event can still arrive: the bus' retry chain (seconds
   * to minutes), an outbox re-publish (lease, backoff: up to ~20 min before `failed`), and an
   * operator replaying parked messages or resetting `failed` outbox rows. A copy that arrives
   * after its record was deleted is handled again.
   */
  readonly maxAgeMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
}

/** Below this, retention would forget events while ordinary redeliveries are still under way. */
export const MIN_INBOX_RETENTION_MS = HOUR;

export function resolveInboxRetention(overrides: Partial<InboxRetentionOptions> = {}): InboxRetentionOptions {
  const options = { enabled: true, maxAgeMs: 7 * 24 * HOUR, intervalMs: HOUR / 12, batchSize: 1_000, ...overrides };
  if (options.maxAgeMs < MIN_INBOX_RETENTION_MS) {
    throw new RangeError(
      `inbox retention maxAgeMs ${options.maxAgeMs} is below ${MIN_INBOX_RETENTION_MS}: ` +
        'redelivered copies would be handled twice',
    );
  }
  return options;
}

/** What the deletion needs: a query that returns rows (a TypeORM DataSource or EntityManager). */
export interface InboxSql {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/**
 * Deletes one batch of records handled more than `maxAgeMs` ago (database clock); returns how
 * many. SKIP LOCKED: instances running retention at once take disjoint rows, and a record a
 * handler's transaction holds right now is left for the next run.
 */
export async function deleteHandledBefore(sql: InboxSql, maxAgeMs: number, batchSize: number): Promise<number> {
  const rows = (await sql.query(
    `WITH doomed AS (
       SELECT consumer, event_id FROM handled_integration_event
       WHERE handled_at < now() - $1 * interval '1 millisecond'
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), deleted AS (
       DELETE FROM handled_integration_event h USING doomed
       WHERE h.consumer = doomed.consumer AND h.event_id = doomed.event_id
       RETURNING 1
     )
     SELECT count(*)::int AS deleted FROM deleted`,
    [maxAgeMs, batchSize],
  )) as Array<{ deleted: number }>;
  return rows[0]?.deleted ?? 0;
}
