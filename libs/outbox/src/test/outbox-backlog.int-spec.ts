import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { OutboxBacklogSampler, readOutboxBacklog } from '../lib/outbox-backlog';
import { outboxMigrations } from '../lib/outbox-migrations';

/** The numbers behind the outbox gauges, on a migrated database with rows in every state. */
describe('outbox backlog', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('outbox_backlog');
    dataSource = await new DataSource({ type: 'postgres', url: db.url, migrations: outboxMigrations }).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    pool = new Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await dataSource?.destroy();
    await db?.drop();
  });
  beforeEach(() => dataSource.query('DELETE FROM integration_event_log'));

  /** One row, `ageSeconds` old, in `state`, with a last error or none. */
  const row = (state: string, ageSeconds: number, lastError: string | null = null) =>
    dataSource.query(
      `INSERT INTO integration_event_log (event_id, event_name, payload, state, last_error, created_at, published_at)
       VALUES ($1, 'E', '{}', $2, $3, now() - $4 * interval '1 second', CASE WHEN $2 = 'published' THEN now() END)`,
      [randomUUID(), state, lastError, ageSeconds],
    );

  it('is all zero for an empty outbox and for one whose rows are all published', async () => {
    expect(await readOutboxBacklog(pool)).toEqual({ pending: 0, oldestPendingAgeSeconds: 0, failed: 0 });
    await row('published', 3_600);
    await row('published', 10);
    expect(await readOutboxBacklog(pool)).toEqual({ pending: 0, oldestPendingAgeSeconds: 0, failed: 0 });
  });

  it('counts pending rows, ages the oldest of them, and counts failures whether retrying or given up', async () => {
    await row('published', 7_200); // older than every pending row: not part of the age
    await row('not_published', 120);
    await row('not_published', 5, 'broker did not confirm'); // retrying after a failure
    await row('in_progress', 30);
    await row('failed', 9_000, 'gave up'); // failed for good: counted as failed, not as pending
    const backlog = await readOutboxBacklog(pool);
    expect(backlog.pending).toBe(3);
    expect(backlog.failed).toBe(2);
    expect(backlog.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(backlog.oldestPendingAgeSeconds).toBeLessThan(3_600);
  });

  it('reads the failed rows through their own partial index, not the published ones', async () => {
    await dataSource.query(`SET enable_seqscan = off`);
    const plan = (await dataSource.query(
      `EXPLAIN SELECT count(*) FROM integration_event_log WHERE state = 'failed'`,
    )) as Array<{ 'QUERY PLAN': string }>;
    await dataSource.query(`RESET enable_seqscan`);
    expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('integration_event_log_failed');
  });

  it('shares one query among the gauges of a scrape, and queries again once the result is stale', async () => {
    await row('not_published', 60);
    let queries = 0;
    const counting = { query: ((...args: Parameters<Pool['query']>) => (queries++, pool.query(...args))) as Pool['query'] };
    let clock = 0;
    const sampler = new OutboxBacklogSampler(counting, 1_000, () => clock);
    const three = await Promise.all([sampler.sample(), sampler.sample(), sampler.sample()]);
    expect(queries).toBe(1);
    expect(three.map((b) => b.pending)).toEqual([1, 1, 1]);
    await row('not_published', 1);
    clock = 999;
    expect((await sampler.sample()).pending).toBe(1);
    clock = 1_000;
    expect((await sampler.sample()).pending).toBe(2);
    expect(queries).toBe(2);
  });

  it('rejects when the database cannot answer, and the next sample tries again', async () => {
    const broken = new Pool({ connectionString: db.url.replace(/\/[^/]*$/, '/no_such_database_h4'), max: 1 });
    const sampler = new OutboxBacklogSampler(broken);
    await expect(sampler.sample()).rejects.toThrow(/no_such_database_h4/);
    await expect(sampler.sample()).rejects.toThrow(/no_such_database_h4/);
    await broken.end();
  });
});
