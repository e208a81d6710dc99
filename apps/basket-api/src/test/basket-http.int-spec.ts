import { RabbitMqTestAdmin, testEnv } from '@eshop/testing';
import {
  BasketClient,
  Redis,
  authorizationOf,
  basketEnv,
  basketStore,
  deleteKeys,
  item,
  startBasketApp,
  testRetryDelays,
  type RunNames,
  type RunningApp,
  runNames,
} from './basket-app.fixture';

describe('basket-api HTTP (real Redis and RabbitMQ)', () => {
  let names: RunNames;
  let running: RunningApp;
  let redis: Redis;
  let admin: RabbitMqTestAdmin;
  const as = (buyer: string) => BasketClient.as(running.url, buyer);

  beforeAll(async () => {
    names = runNames('basket_http');
    redis = new Redis(testEnv.redisUrl);
    admin = await RabbitMqTestAdmin.open();
    running = await startBasketApp(basketEnv(names));
  });

  afterAll(async () => {
    await running.app.close();
    await deleteKeys(redis, names.prefix);
    await admin.deleteServiceQueues(names.queue, testRetryDelays);
    await admin.deleteExchange(names.exchange);
    await admin.close();
    redis.disconnect();
  });

  describe('authentication and buyer isolation', () => {
    it('answers 401 without a token, with a malformed one, or one signed with another secret', async () => {
      const none = await new BasketClient(running.url, undefined).get();
      const malformed = await new BasketClient(running.url, 'Bearer not-a-jwt').get();
      const forged = await new BasketClient(
        running.url,
        'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldmUifQ.c2lnbmF0dXJlLW9mLXNvbWVvbmUtZWxzZQ',
      ).get();
      expect(none).toEqual({ status: 401, body: expect.objectContaining({ message: 'missing bearer token' }) });
      expect(malformed).toEqual({ status: 401, body: expect.objectContaining({ message: 'malformed bearer token' }) });
      expect(forged).toEqual({ status: 401, body: expect.objectContaining({ message: 'invalid token' }) });
    });

    it('keeps each buyer to their own basket: the buyer is the token subject, never a field', async () => {
      const alice = as('alice');
      const bob = as('bob');
      expect((await alice.put({ items: [item(1, 10, 2), item(2, 3.5)] })).status).toBe(200);
      expect((await bob.get()).body).toEqual({ buyerId: 'bob', items: [] });

      // A body naming another buyer is refused, not obeyed.
      const sneaky = await bob.put({ buyerId: 'alice', items: [] });
      expect(sneaky.status).toBe(400);
      expect(sneaky.body).toMatchObject({ message: 'buyerId: unknown field' });
      expect((await bob.delete()).status).toBe(204);

      const aliceBasket = (await alice.get()).body;
      expect(aliceBasket.buyerId).toBe('alice');
      expect(aliceBasket.items.map((i) => [i.productId, i.quantity])).toEqual([[1, 2], [2, 1]]);
    });
  });

  describe('basket content', () => {
    it('round-trips prices exactly (integer cents inside) and keeps the order of the lines', async () => {
      const carol = as('carol');
      await carol.put({ items: [item(7, 19.99, 3), item(5, 0.1), item(6, 1_000_000)] });
      const added = await carol.addItem({ ...item(8, 0.29, 2), version: 4 });
      expect(added.status).toBe(200);
      expect(added.body.items).toEqual([
        { id: '7', productId: 7, productName: 'product 7', unitPrice: 19.99, oldUnitPrice: 19.99, quantity: 3, pictureUrl: 'http://pictures/7.png' },
        expect.objectContaining({ productId: 5, unitPrice: 0.1, oldUnitPrice: 0.1 }),
        expect.objectContaining({ productId: 6, unitPrice: 1_000_000 }),
        expect.objectContaining({ productId: 8, unitPrice: 0.29, quantity: 2 }),
      ]);
      // Adding a product already in the basket adds to its quantity.
      const again = await carol.addItem({ ...item(7, 19.99, 4), version: 4 });
      expect(again.body.items[0]).toMatchObject({ productId: 7, quantity: 7 });
    });

    it('maintains the reverse index product → buyers with every write', async () => {
      const { keys } = basketStore(redis, names);
      const members = async (productId: number) => (await redis.smembers(keys.buyersOf(productId))).sort();
      await as('dan').put({ items: [item(101, 1), item(102, 1)] });
      await as('eve').put({ items: [item(102, 1)] });
      expect([await members(101), await members(102)]).toEqual([['dan'], ['dan', 'eve']]);

      await as('dan').put({ items: [item(103, 1)] });
      await as('eve').addItem({ ...item(101, 1), version: 1 });
      expect([await members(101), await members(102), await members(103)]).toEqual([['eve'], ['eve'], ['dan']]);

      await as('eve').delete();
      expect([await members(101), await members(102)]).toEqual([[], []]);
      expect(await redis.exists(keys.basket('eve'))).toBe(0);
    });
  });

  describe('bad input is a 4xx naming the problem', () => {
    const cases: Array<[string, unknown, string]> = [
      ['negative quantity', { items: [item(1, 1, -2)] }, 'items.0.quantity: Too small'],
      ['non-integer quantity', { items: [item(1, 1, 1.5)] }, 'items.0.quantity: Invalid input: expected int'],
      ['quantity over the cap', { items: [item(1, 1, 101)] }, 'items.0.quantity: Too big'],
      ['three-decimal price', { items: [item(1, 1.005)] }, 'items.0.unitPrice: must have at most two decimals'],
      ['unknown item field', { items: [{ ...item(1, 1), colour: 'red' }] }, 'colour: unknown field'],
      ['unknown top-level field', { items: [], note: 'x' }, 'note: unknown field'],
      ['the same product twice', { items: [item(1, 1), item(1, 1)] }, 'items.1.productId: product 1 appears twice'],
      [
        'more products than the cap',
        { items: Array.from({ length: 101 }, (_, i) => item(i + 1, 1)) },
        'items: a basket holds at most 100 different products',
      ],
    ];

    it.each(cases)('PUT with %s → 400', async (_case, body, message) => {
      const reply = await as('frank').put(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringContaining(message),
      });
    });

    it('POST /api/basket/items refuses a missing version, a 101st product and a quantity over the cap', async () => {
      const grace = as('grace');
      const noVersion = await grace.addItem(item(1, 1));
      expect(noVersion).toMatchObject({ status: 400, body: { message: 'version: Invalid input: expected number, received undefined' } });

      await grace.put({ items: Array.from({ length: 100 }, (_, i) => item(i + 1, 1, 60)) });
      const tooMany = await grace.addItem({ ...item(500, 1), version: 1 });
      expect(tooMany).toMatchObject({
        status: 400,
        body: { message: 'items: a basket holds at most 100 different products', code: 'BASKET_TOO_LARGE' },
      });
      const tooMuch = await grace.addItem({ ...item(1, 1, 41), version: 1 });
      expect(tooMuch).toMatchObject({
        status: 400,
        body: { message: 'quantity: at most 100 units of product 1', code: 'QUANTITY_TOO_LARGE' },
      });
      // Nothing of the refused writes was stored.
      const basket = (await grace.get()).body;
      expect(basket.items).toHaveLength(100);
      expect(basket.items[0]?.quantity).toBe(60);
    });

    it('refuses a missing body and malformed JSON with 400', async () => {
      const missing = await as('henry').send('PUT', '/api/basket');
      const broken = await fetch(`${running.url}/api/basket`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: authorizationOf('henry') },
        body: '{"items": [',
      });
      expect(missing).toMatchObject({
        status: 400,
        body: { message: 'body: Invalid input: expected object, received undefined' },
      });
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
    });
  });

  it('serves /health/live and /health/ready (Redis and RabbitMQ up)', async () => {
    const live = await fetch(`${running.url}/health/live`);
    const ready = await fetch(`${running.url}/health/ready`);
    expect(live.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      details: { redis: { status: 'up' }, rabbitmq: { status: 'up', connected: true } },
    });
  });
});
