import type { DataSource } from 'typeorm';
import { GRACE_PERIOD_CONFIRMED, integrationEvents } from '@eshop/contracts';
import { IntegrationEventInbox, OutboxWriter } from '@eshop/outbox';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { GracePeriodWorker } from '../application/grace-period.worker';
import { Order } from '../domain/order';
import { GracePeriodRepository } from '../infrastructure/grace-period.repository';
import { OrderRepository } from '../infrastructure/order.repository';
import { openOrderingDatabase, orderingDataSourceOptions } from '../infrastructure/ordering-database';
import { TypeOrmUnitOfWork } from '../infrastructure/typeorm-unit-of-work';
import { checkoutEvent } from './ordering-fixture';

const GRACE_MS = 60_000;

/** An order submitted `ageMs` ago (by the database clock's standards: it sets the date). */
async function insertOrder(dataSource: DataSource, ageMs: number): Promise<number> {
  const { userId, userName, street, city, state, country, zipCode } = checkoutEvent();
  const order = Order.submit(
    {
      buyerId: userId,
      buyerName: userName,
      address: { street, city, state, country, zipCode },
      lines: [{ productId: 1, productName: 'p', unitPriceCents: 100, units: 1, pictureUrl: '' }],
    },
    new Date(Date.now() - ageMs),
  );
  return dataSource.transaction((manager) => new OrderRepository(manager).insert(order));
}

// Two workers (two connection pools, as two ordering instances) race over the same orders.
describe('grace-period worker with several instances', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('ordering_grace');
    for (let i = 0; i < 2; i++) sources.push(await openOrderingDatabase(orderingDataSourceOptions(db.url)));
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await db.drop();
  });

  const unitOfWork = (source: DataSource) =>
    new TypeOrmUnitOfWork(source, new IntegrationEventInbox(source), new OutboxWriter(integrationEvents));
  const worker = (source: DataSource) =>
    new GracePeriodWorker(unitOfWork(source), {
      gracePeriodMs: GRACE_MS,
      intervalMs: 1_000,
      batchSize: 7,
    });

  it('confirms every expired order exactly once and leaves the others submitted', async () => {
    const [first, second] = sources as [DataSource, DataSource];
    const expired: number[] = [];
    for (let i = 0; i < 60; i++) expired.push(await insertOrder(first, GRACE_MS + 5_000));
    const fresh = [await insertOrder(first, 0), await insertOrder(first, GRACE_MS - 10_000)];

    const passes = await Promise.all([worker(first), worker(second), worker(first)].map((w) => w.confirmExpired()));
    const again = await worker(second).confirmExpired();

    const confirmed = passes.flat();
    expect(confirmed.sort((a, b) => a - b)).toEqual(expired);
    expect(again).toEqual([]);
    const rows: Array<{ order_id: number; n: string }> = await first.query(
      `SELECT (payload->>'orderId')::int AS order_id, count(*) AS n FROM integration_event_log
       WHERE event_name = $1 GROUP BY 1 ORDER BY 1`,
      [GRACE_PERIOD_CONFIRMED],
    );
    expect(rows.map((row) => row.order_id)).toEqual(expired);
    expect(rows.every((row) => row.n === '1')).toBe(true);
    const untouched: Array<{ id: number }> = await first.query(
      `SELECT id FROM orders WHERE grace_period_confirmed_at IS NULL ORDER BY id`,
    );
    expect(untouched.map((row) => row.id)).toEqual(fresh);
  });

  it('skips the orders another instance is claiming, without waiting for it', async () => {
    const [first, second] = sources as [DataSource, DataSource];
    const expired: number[] = [];
    for (let i = 0; i < 10; i++) expired.push(await insertOrder(first, GRACE_MS + 5_000));
    const runner = first.createQueryRunner();
    await runner.startTransaction();
    try {
      // Instance A has claimed a batch and not committed yet (its locks are held).
      const claimedByA = (await new GracePeriodRepository(runner.manager).claimExpired(GRACE_MS, 4)).map(({ id }) => id);
      const claimedByB = await worker(second).confirmExpired();
      expect(claimedByA).toHaveLength(4);
      expect(claimedByB.sort((a, b) => a - b)).toEqual(expired.filter((id) => !claimedByA.includes(id)));
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await worker(second).confirmExpired()).toEqual([]);
  });
});
