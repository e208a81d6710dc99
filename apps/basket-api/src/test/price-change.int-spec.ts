import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { waitFor, type RabbitMqTestAdmin } from '@eshop/testing';
import { ApplyPriceChangeUseCase } from '../application/apply-price-change.use-case';
import {
  BasketClient,
  type Redis,
  TestRun,
  basketEnv,
  basketStore,
  isReady,
  line,
  priceChanged,
  startBasketApp,
  testRetryDelays,
  type Bus,
  type HttpTarget,
  type RunNames,
  type RunningApp,
} from './basket-app.fixture';
import { RedisMonitor } from './redis-monitor.fixture';

// Every event here goes through the broker to basket-api's @EventPattern handler: the
// tests publish on the run's exchange and look at baskets as their buyers see them.
describe('ProductPriceChangedIntegrationEvent handling (real Redis and RabbitMQ)', () => {
  let run: TestRun;
  let names: RunNames;
  let redis: Redis;
  let admin: RabbitMqTestAdmin;
  let publisher: Bus;
  let apps: RunningApp[];

  beforeEach(async () => {
    run = await TestRun.open('basket_price');
    ({ names, redis, admin, publisher } = run);
    apps = [];
  });

  afterEach(async () => {
    await Promise.all(apps.map((running) => running.app.close()));
    await run.close();
  });

  async function start(overrides: Record<string, string> = {}): Promise<RunningApp> {
    const running = await startBasketApp(basketEnv(names, overrides));
    apps.push(running);
    await waitFor(() => isReady(running.server), 'ready');
    return running;
  }

  /** Puts product `productId` at `price` (catalog version 1) in the baskets of `buyers`. */
  async function seed(buyers: string[], productId: number, price: number): Promise<void> {
    const { baskets } = basketStore(redis, names);
    await Promise.all(
      buyers.map((buyer) =>
        baskets.replace(buyer, [
          { productId, productName: 'watched', unitPriceCents: Math.round(price * 100), quantity: 2, pictureUrl: '', version: 1 },
          { productId: 9_999, productName: 'bystander', unitPriceCents: 500, quantity: 1, pictureUrl: '', version: 1 },
        ]),
      ),
    );
  }

  /** Waits until the broker has handed out everything, then stops the apps (letting running
   * handlers finish) and checks that nothing was left, requeued, retried or parked. */
  async function drainAndStop(): Promise<void> {
    await waitFor(async () => (await admin.messageCount(names.queue)) === 0, 'queue drained', 20_000);
    await Promise.all(apps.splice(0).map((running) => running.app.close()));
    const queues = [names.queue, `${names.queue}.parking`, ...testRetryDelays.map((d) => `${names.queue}.retry.${d}`)];
    for (const queue of queues) expect([queue, await admin.messageCount(queue)]).toEqual([queue, 0]);
  }

  /** The watched line of every buyer, read through GET /api/basket as that buyer. */
  async function linesSeenBy(target: HttpTarget, buyers: string[], productId: number) {
    const views = await Promise.all(buyers.map((buyer) => BasketClient.as(target, buyer).get()));
    return views.map(({ body }) => {
      const line = body.items.find((i) => i.productId === productId);
      const bystander = body.items.find((i) => i.productId === 9_999);
      return { unitPrice: line?.unitPrice, oldUnitPrice: line?.oldUnitPrice, quantity: line?.quantity, bystander: bystander?.unitPrice };
    });
  }

  const buyersNamed = (count: number, tag = 'buyer') => Array.from({ length: count }, (_, i) => `${tag}-${i}`);
  const changedOnce = { unitPrice: 12, oldUnitPrice: 10, quantity: 2, bystander: 5 };

  it.each([2, 10])('changes each basket once when the same event is delivered %i times', async (times) => {
    const buyers = buyersNamed(50);
    await seed(buyers, 42, 10);
    await start({ PRICE_CHANGE_BATCH_SIZE: '7' });

    const event = priceChanged(42, 2, 12, 10);
    for (let i = 0; i < times; i += 1) await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    await drainAndStop();

    // Applied twice, a line would show oldUnitPrice 12 (the price it had before the second).
    const reader = await start();
    expect(await linesSeenBy(reader.server, buyers, 42)).toEqual(buyers.map(() => changedOnce));
  });

  it('changes each basket once when duplicates reach two instances concurrently', async () => {
    const buyers = buyersNamed(300);
    await seed(buyers, 43, 10);
    const settings = { PRICE_CHANGE_BATCH_SIZE: '3', EVENT_BUS_PREFETCH: '5' };
    const instances = await Promise.all([start(settings), start(settings)]);
    const deliveries = instances.map((running) => jest.spyOn(running.app.get(ApplyPriceChangeUseCase), 'execute'));

    const event = priceChanged(43, 2, 12, 10);
    await Promise.all(Array.from({ length: 10 }, () => publisher.publish(PRODUCT_PRICE_CHANGED, event)));
    await drainAndStop();
    // Both instances really handled copies.
    expect(deliveries.map((spy) => spy.mock.calls.length > 0)).toEqual([true, true]);
    expect(deliveries[0]!.mock.calls.length + deliveries[1]!.mock.calls.length).toBe(10);

    const reader = await start();
    expect(await linesSeenBy(reader.server, buyers, 43)).toEqual(buyers.map(() => changedOnce));
  });

  it('ignores an older version that arrives after a newer one', async () => {
    const buyers = buyersNamed(20);
    await seed(buyers, 44, 10);
    await start({ EVENT_BUS_PREFETCH: '1' });

    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(44, 3, 12, 10));
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(44, 2, 11, 10));
    const latest = priceChanged(44, 4, 15, 12);
    await publisher.publish(PRODUCT_PRICE_CHANGED, latest);
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(44, 3, 12, 10));
    await drainAndStop();

    const reader = await start();
    const expected = { unitPrice: 15, oldUnitPrice: 12, quantity: 2, bystander: 5 };
    expect(await linesSeenBy(reader.server, buyers, 44)).toEqual(buyers.map(() => expected));
  });

  it('does no basket writes (and no key scan) for a product in no basket; touches only holders otherwise', async () => {
    const { keys } = basketStore(redis, names);
    const bystanders = buyersNamed(1_000, 'bystander');
    await seed(bystanders, 46, 10);
    const holders = buyersNamed(3, 'holder');
    await seed(holders, 45, 10);
    await start();

    let commands: string[][] = [];
    // One MONITOR per node: on a cluster each node sees only its own slots' commands.
    const monitors = await Promise.all(
      run.backend.nodeUrls.map((url) =>
        RedisMonitor.start(url, ([name = '', ...rest]) => {
          // ioredis sends lower-case names, Lua upper-case: compare them upper-cased.
          if (rest.some((arg) => arg.includes(names.prefix))) commands.push([name.toUpperCase(), ...rest]);
        }),
      ),
    );
    try {
      const nowhere = priceChanged(47, 2, 12, 10);
      await publisher.publish(PRODUCT_PRICE_CHANGED, nowhere);
      await waitFor(async () => redis.exists(keys.handled(names.queue, nowhere.id, { productId: 47 })), 'first event handled');
      const inNoBasket = commands;
      commands = [];
      const held = priceChanged(45, 2, 12, 10);
      await publisher.publish(PRODUCT_PRICE_CHANGED, held);
      await waitFor(async () => redis.exists(keys.handled(names.queue, held.id, { productId: 45 })), 'second event handled');
      const inThreeBaskets = commands;

      const basketKeysIn = (list: string[][]) =>
        [...new Set(list.flatMap((args) => args.filter((arg) => arg.startsWith(`${names.prefix}basket:`))))].sort();
      const scans = (list: string[][]) => list.filter(([name]) => name === 'SCAN' || name === 'KEYS');
      expect(basketKeysIn(inNoBasket)).toEqual([]);
      expect(basketKeysIn(inThreeBaskets)).toEqual(holders.map((h) => keys.basket(h)).sort());
      expect([...scans(inNoBasket), ...scans(inThreeBaskets)]).toEqual([]);
      // All the first event wrote: its product's applied version and its handled marker.
      const writes = inNoBasket.filter(([name]) => ['SET', 'HSET', 'SADD', 'DEL', 'SREM', 'HDEL'].includes(name!));
      expect(writes.map(([name, key]) => `${name} ${key}`).sort()).toEqual(
        [
          `SET ${keys.handled(names.queue, nowhere.id, { productId: 47 })}`,
          `HSET ${keys.productPrice(47)}`,
        ].sort(),
      );
    } finally {
      for (const monitor of monitors) monitor.stop();
    }
  });

  it('gives the newest price to basket writes that race the handler or read an older catalog', async () => {
    const buyers = buyersNamed(400);
    await seed(buyers, 48, 10);
    const running = await start({ PRICE_CHANGE_BATCH_SIZE: '1' });
    const target = running.server;

    // Each buyer rewrites their basket with what catalog answered before the change (price
    // 10, version 1) while the fan-out runs: before it starts, during it, and after it
    // passed their basket.
    run.catalog.sells(48, 10, 1);
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(48, 2, 12, 10));
    const writes = await Promise.all(buyers.map((buyer) => BasketClient.as(target, buyer).put({ items: [line(48, 5)] })));
    expect(writes.every((w) => w.status === 200)).toBe(true);
    await drainAndStop();

    const reader = await start();
    const expected = { unitPrice: 12, oldUnitPrice: 10, quantity: 5, bystander: undefined };
    expect(await linesSeenBy(reader.server, buyers, 48)).toEqual(buyers.map(() => expected));

    // After the change: an add whose catalog read is older takes the applied price and shows
    // the one read as the old one; an add read at a newer version keeps catalog's price.
    run.catalog.sells(48, 11, 1);
    const older = await BasketClient.as(reader.server, 'late-buyer').addItem(line(48));
    run.catalog.sells(48, 13, 3);
    const newer = await BasketClient.as(reader.server, 'early-buyer').addItem(line(48));
    expect(older.body.items[0]).toMatchObject({ unitPrice: 12, oldUnitPrice: 11 });
    expect(newer.body.items[0]).toMatchObject({ unitPrice: 13, oldUnitPrice: 13 });

    // A catalog read ahead of the price-change event moves an existing line to the new price
    // and keeps the price the buyer saw as the old one (the event then changes nothing).
    await seed(['ahead-buyer'], 49, 10);
    run.catalog.sells(49, 14, 2);
    const ahead = await BasketClient.as(reader.server, 'ahead-buyer').addItem(line(49));
    expect(ahead.body.items[0]).toMatchObject({ productId: 49, unitPrice: 14, oldUnitPrice: 10, quantity: 3 });
  });
});
