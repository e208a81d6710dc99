import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { RabbitMqTestAdmin, testEnv, waitFor } from '@eshop/testing';
import { PriceChangeFanOut } from '../application/price-change-fan-out';
import {
  BasketClient,
  Redis,
  basketEnv,
  basketStore,
  deleteKeys,
  item,
  priceChanged,
  startBasketApp,
  testBus,
  testRetryDelays,
  type Bus,
  type RunNames,
  type RunningApp,
  runNames,
} from './basket-app.fixture';

// Every event here goes through the broker to basket-api's @EventPattern handler: the
// tests publish on the run's exchange and look at baskets as their buyers see them.
describe('ProductPriceChangedIntegrationEvent handling (real Redis and RabbitMQ)', () => {
  let names: RunNames;
  let redis: Redis;
  let admin: RabbitMqTestAdmin;
  let publisher: Bus;
  let apps: RunningApp[];

  beforeEach(async () => {
    names = runNames('basket_price');
    redis = new Redis(testEnv.redisUrl);
    admin = await RabbitMqTestAdmin.open();
    publisher = testBus(names);
    await publisher.connect();
    apps = [];
  });

  afterEach(async () => {
    await Promise.all(apps.map((running) => running.app.close()));
    await publisher.close();
    await deleteKeys(redis, names.prefix);
    await admin.deleteServiceQueues(names.queue, testRetryDelays);
    await admin.deleteExchange(names.exchange);
    await admin.close();
    redis.disconnect();
  });

  async function start(overrides: Record<string, string> = {}): Promise<RunningApp> {
    const running = await startBasketApp(basketEnv(names, overrides));
    apps.push(running);
    await waitFor(async () => (await fetch(`${running.url}/health/ready`)).status === 200, 'ready');
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
  async function linesSeenBy(url: string, buyers: string[], productId: number) {
    const views = await Promise.all(buyers.map((buyer) => BasketClient.as(url, buyer).get()));
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
    expect(await linesSeenBy(reader.url, buyers, 42)).toEqual(buyers.map(() => changedOnce));
  });

  it('changes each basket once when duplicates reach two instances concurrently', async () => {
    const buyers = buyersNamed(300);
    await seed(buyers, 43, 10);
    const settings = { PRICE_CHANGE_BATCH_SIZE: '3', EVENT_BUS_PREFETCH: '5' };
    const instances = await Promise.all([start(settings), start(settings)]);
    const deliveries = instances.map((running) => jest.spyOn(running.app.get(PriceChangeFanOut), 'apply'));

    const event = priceChanged(43, 2, 12, 10);
    await Promise.all(Array.from({ length: 10 }, () => publisher.publish(PRODUCT_PRICE_CHANGED, event)));
    await drainAndStop();
    // Both instances really handled copies.
    expect(deliveries.map((spy) => spy.mock.calls.length > 0)).toEqual([true, true]);
    expect(deliveries[0]!.mock.calls.length + deliveries[1]!.mock.calls.length).toBe(10);

    const reader = await start();
    expect(await linesSeenBy(reader.url, buyers, 43)).toEqual(buyers.map(() => changedOnce));
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
    expect(await linesSeenBy(reader.url, buyers, 44)).toEqual(buyers.map(() => expected));
  });

  it('does no basket writes (and no key scan) for a product in no basket; touches only holders otherwise', async () => {
    const { keys } = basketStore(redis, names);
    const bystanders = buyersNamed(1_000, 'bystander');
    await seed(bystanders, 46, 10);
    const holders = buyersNamed(3, 'holder');
    await seed(holders, 45, 10);
    await start();

    const monitorClient = new Redis(testEnv.redisUrl);
    const monitor = await monitorClient.monitor();
    let commands: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      // ioredis sends lower-case names, Lua upper-case: compare them upper-cased.
      const [name = '', ...rest] = args.map(String);
      if (rest.some((arg) => arg.includes(names.prefix))) commands.push([name.toUpperCase(), ...rest]);
    });
    try {
      const nowhere = priceChanged(47, 2, 12, 10);
      await publisher.publish(PRODUCT_PRICE_CHANGED, nowhere);
      await waitFor(async () => redis.exists(keys.handled(names.queue, nowhere.id)), 'first event handled');
      const inNoBasket = commands;
      commands = [];
      const held = priceChanged(45, 2, 12, 10);
      await publisher.publish(PRODUCT_PRICE_CHANGED, held);
      await waitFor(async () => redis.exists(keys.handled(names.queue, held.id)), 'second event handled');
      const inThreeBaskets = commands;

      const basketKeysIn = (list: string[][]) =>
        [...new Set(list.flatMap((args) => args.filter((arg) => arg.startsWith(keys.basket('')))))].sort();
      const scans = (list: string[][]) => list.filter(([name]) => name === 'SCAN' || name === 'KEYS');
      expect(basketKeysIn(inNoBasket)).toEqual([]);
      expect(basketKeysIn(inThreeBaskets)).toEqual(holders.map((h) => keys.basket(h)).sort());
      expect([...scans(inNoBasket), ...scans(inThreeBaskets)]).toEqual([]);
      // All the first event wrote: its product's applied version, its handled marker, and
      // the clean-up of its (never created) per-basket progress set.
      const writes = inNoBasket.filter(([name]) => ['SET', 'HSET', 'SADD', 'DEL', 'SREM', 'HDEL'].includes(name!));
      expect(writes.map(([name, key]) => `${name} ${key}`).sort()).toEqual(
        [
          `SET ${keys.handled(names.queue, nowhere.id)}`,
          `DEL ${keys.handledBaskets(names.queue, nowhere.id)}`,
          `HSET ${keys.productPrice(47)}`,
        ].sort(),
      );
    } finally {
      monitor.disconnect();
      monitorClient.disconnect();
    }
  });

  it('gives the newest price to basket writes that race the handler or carry an older version', async () => {
    const buyers = buyersNamed(400);
    await seed(buyers, 48, 10);
    const running = await start({ PRICE_CHANGE_BATCH_SIZE: '1' });
    const url = running.url;

    // Each buyer rewrites their basket from a stale view (price 10, catalog version 1) while
    // the fan-out runs: before it starts, during it, and after it passed their basket.
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(48, 2, 12, 10));
    const writes = await Promise.all(
      buyers.map((buyer) =>
        BasketClient.as(url, buyer).put({ items: [{ ...item(48, 10, 5, 1), productName: 'watched' }] }),
      ),
    );
    expect(writes.every((w) => w.status === 200)).toBe(true);
    await drainAndStop();

    const reader = await start();
    const expected = { unitPrice: 12, oldUnitPrice: 10, quantity: 5, bystander: undefined };
    expect(await linesSeenBy(reader.url, buyers, 48)).toEqual(buyers.map(() => expected));

    // After the change: an add read at an older catalog version takes the applied price and
    // shows the one the buyer saw as the old one; an add at a newer version keeps its price.
    const older = await BasketClient.as(reader.url, 'late-buyer').addItem({ ...item(48, 11), version: 1 });
    const newer = await BasketClient.as(reader.url, 'early-buyer').addItem({ ...item(48, 13), version: 3 });
    expect(older.body.items[0]).toMatchObject({ unitPrice: 12, oldUnitPrice: 11 });
    expect(newer.body.items[0]).toMatchObject({ unitPrice: 13, oldUnitPrice: 13 });
  });
});
