import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { RowRetention } from '@eshop/outbox';
import { CLIENT_REQUEST_RETENTION } from '../infrastructure/client-request-retention';
import { openOrderingDatabase, orderingDataSourceOptions } from '../infrastructure/ordering-database';

const HOUR = 3_600_000;

// The retention of command idempotency keys on a real, migrated ordering database.
describe('client_request retention', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('ordering_retention');
    dataSource = await openOrderingDatabase(orderingDataSourceOptions(db.url));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** `count` keys of one buyer, created `ageMs` ago (database clock). */
  async function insertKeys(buyer: string, count: number, ageMs: number): Promise<void> {
    await dataSource.query(
      `INSERT INTO client_request (request_id, command, buyer_id, order_id, created_at)
       SELECT id, 'create-order', $1, NULL, now() - $3 * interval '1 millisecond' FROM unnest($2::uuid[]) AS id`,
      [buyer, Array.from({ length: count }, () => randomUUID()), ageMs],
    );
  }
  const keysOf = async (buyer: string) =>
    Number((await dataSource.query('SELECT count(*) AS n FROM client_request WHERE buyer_id = $1', [buyer]))[0].n);

  it('deletes keys older than the window, batch by batch, and keeps the younger ones', async () => {
    await insertKeys('old', 25, 8 * 24 * HOUR);
    await insertKeys('recent', 5, 6 * 24 * HOUR);
    const retention = new RowRetention(dataSource, CLIENT_REQUEST_RETENTION, { maxAgeMs: 7 * 24 * HOUR, intervalMs: 60_000, batchSize: 10 });

    expect(await retention.purge()).toBe(25);
    expect(await keysOf('old')).toBe(0);
    expect(await keysOf('recent')).toBe(5);
    expect(await retention.purge()).toBe(0);
  });

  it('skips keys a command transaction holds right now, and takes them on the next run', async () => {
    await insertKeys('held', 3, 9 * 24 * HOUR);
    const retention = new RowRetention(dataSource, CLIENT_REQUEST_RETENTION, { maxAgeMs: 7 * 24 * HOUR, intervalMs: 60_000, batchSize: 100 });
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT 1 FROM client_request WHERE buyer_id = 'held' LIMIT 1 FOR UPDATE`);
      await retention.purge();
      expect(await keysOf('held')).toBe(1);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await retention.purge();
    expect(await keysOf('held')).toBe(0);
  });

  it('refuses a window shorter than an hour', () => {
    expect(() => new RowRetention(dataSource, CLIENT_REQUEST_RETENTION, { maxAgeMs: HOUR - 1, intervalMs: 1_000, batchSize: 10 })).toThrow(
      /client_request retention .* is below an hour/,
    );
  });
});
