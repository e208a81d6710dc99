import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { ServiceMetrics } from '@eshop/observability';
import { waitFor } from '@eshop/testing';
import { TestRun, basketEnv, basketStore, isReady, priceChanged, startBasketApp, type RunningApp } from './basket-app.fixture';

/**
 * `eshop_basket_price_fanout_baskets` (docs/patterns/observability.md): one sample per price
 * change applied, valued at the baskets it touched; a duplicate or an older version touches
 * nothing and adds no sample. Read from the app's registry, the one /metrics serves.
 */
describe('price fan-out metric (real Redis and RabbitMQ)', () => {
  let run: TestRun;
  let running: RunningApp | undefined;

  beforeEach(async () => {
    run = await TestRun.open('basket_fanout');
  });
  afterEach(async () => {
    await running?.app.close();
    await run.close();
  });

  async function fanOut(app: RunningApp): Promise<{ count: number; sum: number; buckets: Record<string, number> }> {
    const metric = app.app.get(ServiceMetrics).registry.getSingleMetric('eshop_basket_price_fanout_baskets');
    // A histogram's values name their series (_bucket, _sum, _count).
    const values = ((await metric?.get())?.values ?? []) as Array<{ metricName?: string; labels: Record<string, unknown>; value: number }>;
    const find = (name: string, le?: number) =>
      values.find((v) => v.metricName === name && (le === undefined || v.labels['le'] === le))?.value ?? 0;
    const buckets = Object.fromEntries([1, 2, 5].map((le) => [String(le), find('eshop_basket_price_fanout_baskets_bucket', le)]));
    return { count: find('eshop_basket_price_fanout_baskets_count'), sum: find('eshop_basket_price_fanout_baskets_sum'), buckets };
  }

  it('observes the baskets each applied change touched, and nothing for a duplicate or a stale version', async () => {
    const { names, redis, admin, publisher } = run;
    const buyers = ['ann', 'bob', 'cyd'];
    await Promise.all(
      buyers.map((buyer) =>
        basketStore(redis, names).baskets.replace(buyer, [
          { productId: 61, productName: 'watched', unitPriceCents: 1_000, quantity: 1, pictureUrl: '', version: 1 },
        ]),
      ),
    );
    running = await startBasketApp(basketEnv(names, { PRICE_CHANGE_BATCH_SIZE: '2' }));
    const app = running;
    await waitFor(() => isReady(app.server), 'ready');

    const change = priceChanged(61, 3, 12, 10);
    await publisher.publish(PRODUCT_PRICE_CHANGED, change);
    await waitFor(async () => (await fanOut(app)).count === 1 || undefined, 'the first change to be applied', 20_000);
    // The same event again, and an older version: both are dropped at `begin`.
    await publisher.publish(PRODUCT_PRICE_CHANGED, change);
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(61, 2, 11, 10));
    // A product in nobody's basket: applied, zero baskets.
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(62, 2, 11, 10));
    await waitFor(async () => (await fanOut(app)).count === 2 || undefined, 'the change of product 62 to be applied', 20_000);
    await waitFor(async () => (await admin.messageCount(names.queue)) === 0, 'queue drained', 20_000);
    await app.app.close(); // lets running handlers finish
    running = undefined;

    expect(await fanOut(app)).toEqual({ count: 2, sum: 3, buckets: { '1': 1, '2': 1, '5': 2 } });
  });
});
