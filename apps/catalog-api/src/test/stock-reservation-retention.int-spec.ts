import type { DataSource } from 'typeorm';
import { RowRetention } from '@eshop/outbox';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { catalogDataSourceOptions, openCatalogDatabase } from '../infrastructure/catalog-database';
import { STOCK_RESERVATION_RETENTION } from '../infrastructure/stock-reservation-retention';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const STATES = ['reserved', 'rejected', 'released', 'cancelled', 'taken'] as const;

// Retention of finished stock reservations on a real, migrated catalog database.
describe('stock_reservation retention', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('catalog_retention');
    dataSource = await openCatalogDatabase(catalogDataSourceOptions(db.url));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** A reservation of order `orderId` in `state`, last changed `ageMs` ago, holding one line. */
  async function reservation(orderId: number, state: string, ageMs: number): Promise<void> {
    await dataSource.query(
      `INSERT INTO stock_reservation (order_id, state, created_at, updated_at)
       VALUES ($1, $2, now() - $3 * interval '1 millisecond', now() - $3 * interval '1 millisecond')`,
      [orderId, state, ageMs],
    );
    await dataSource.query('INSERT INTO stock_reservation_line (order_id, product_id, units) VALUES ($1, 1, 2)', [orderId]);
  }
  const remaining = async (table: string) =>
    ((await dataSource.query(`SELECT order_id FROM ${table} ORDER BY order_id`)) as Array<{ order_id: string }>).map((row) =>
      Number(row.order_id),
    );

  it('deletes only finished reservations older than the window, with their lines', async () => {
    // Orders 1–5: every state, two weeks old; 11–15: every state, a day old.
    for (const [n, state] of STATES.entries()) {
      await reservation(1 + n, state, 2 * WEEK);
      await reservation(11 + n, state, 24 * HOUR);
    }
    const retention = new RowRetention(dataSource, STOCK_RESERVATION_RETENTION, { maxAgeMs: WEEK, intervalMs: 60_000, batchSize: 2 });

    expect(await retention.purge()).toBe(3); // released, cancelled, taken; two batches of two
    const kept = [1, 2, 11, 12, 13, 14, 15]; // reserved and rejected (not final), and everything recent
    expect(await remaining('stock_reservation')).toEqual(kept);
    expect(await remaining('stock_reservation_line')).toEqual(kept);
    expect(await retention.purge()).toBe(0);
  });

  it('walks the partial index of finished reservations', async () => {
    // One session: the setting and the EXPLAIN must share it (the table is tiny, a scan would win).
    const session = dataSource.createQueryRunner();
    await session.connect();
    try {
      await session.query('SET enable_seqscan = off');
      const plan = (await session.query(
        `EXPLAIN SELECT order_id FROM stock_reservation
         WHERE updated_at < now() - interval '1 day' AND state IN ('released', 'cancelled', 'taken')`,
      )) as Array<{ 'QUERY PLAN': string }>;
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('stock_reservation_finished');
    } finally {
      await session.query('RESET enable_seqscan');
      await session.release();
    }
  });
});
