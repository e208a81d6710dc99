import { DataSource } from 'typeorm';
import { uniqueName } from '@eshop/testing';
import { OrdersBuyerNewest1798000000000 } from '../infrastructure/migrations/1798000000000-orders-buyer-newest.migration';
import { orderingDataSourceOptions } from '../infrastructure/ordering-database';
import { OrderingRun, tokenFor } from './ordering-fixture';

// GET /api/orders a page at a time (issue 14 §4), and the index that serves it. The grace
// period is long here: orders stay `submitted`. Bad page values: ordering-http.int-spec.ts.
describe("the buyer's orders, paged", () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '600000' });
  });
  afterAll(() => run?.stop());

  it('lists newest first, a page at a time (pageIndex, pageSize), still a plain array', async () => {
    const buyer = uniqueName('buyer');
    const token = tokenFor(buyer);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await run.checkout({ userId: buyer }));
    const numbers = async (query: string) => {
      const { body } = (await run.http('get', `/api/orders${query}`, token).expect(200)) as { body: Array<{ orderNumber: number }> };
      return body.map((summary) => summary.orderNumber);
    };
    const newestFirst = [...ids].reverse();
    expect(await numbers('')).toEqual(newestFirst);
    expect(await numbers('?pageIndex=0&pageSize=2')).toEqual(newestFirst.slice(0, 2));
    expect(await numbers('?pageIndex=1&pageSize=2')).toEqual(newestFirst.slice(2));
    expect(await numbers('?pageIndex=7&pageSize=2')).toEqual([]);
  });

  it('answers at most 20 orders by default; the next page has the rest', async () => {
    const buyer = uniqueName('buyer');
    const token = tokenFor(buyer);
    const ids = await Promise.all(Array.from({ length: 21 }, () => run.checkout({ userId: buyer })));
    const page = async (query: string) =>
      ((await run.http('get', `/api/orders${query}`, token).expect(200)) as { body: Array<{ orderNumber: number; date: string }> }).body;
    const [first, second] = [await page(''), await page('?pageIndex=1')];
    expect(first).toHaveLength(20);
    expect(second).toHaveLength(1);
    const dates = [...first, ...second].map((summary) => summary.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect([...first, ...second].map((summary) => summary.orderNumber).sort((a, b) => a - b)).toEqual(
      [...ids].sort((a, b) => a - b),
    );
  });

  it('has the newest-first index in place of the old one; down restores the old one', async () => {
    const indexes = async () =>
      (await run.sql<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1`)).map(
        (row) => row.indexname,
      );
    expect(await indexes()).toEqual(['orders_buyer_newest', 'orders_grace_period_due', 'orders_pkey']);
    const source = await new DataSource(orderingDataSourceOptions(run.db.url)).initialize();
    const runner = source.createQueryRunner();
    try {
      await new OrdersBuyerNewest1798000000000().down(runner);
      expect(await indexes()).toEqual(['orders_buyer', 'orders_grace_period_due', 'orders_pkey']);
      await new OrdersBuyerNewest1798000000000().up(runner);
      expect(await indexes()).toEqual(['orders_buyer_newest', 'orders_grace_period_due', 'orders_pkey']);
    } finally {
      await runner.release();
      await source.destroy();
    }
  });
});
