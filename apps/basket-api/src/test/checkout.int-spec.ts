import { randomUUID } from 'node:crypto';
import {
  ORDER_STARTED,
  USER_CHECKOUT_ACCEPTED,
  newEventIdentity,
  type OrderStartedIntegrationEvent,
} from '@eshop/contracts';
import { waitFor, type RabbitMqTestAdmin } from '@eshop/testing';
import request from 'supertest';
import {
  BasketClient,
  type Redis,
  tokenOf,
  TestRun,
  basketEnv,
  basketStore,
  isReady,
  line,
  startBasketApp,
  testBus,
  type Bus,
  type RunNames,
  type RunningApp,
} from './basket-app.fixture';
import { checkoutAddress } from './bad-input.cases';

const address = checkoutAddress;

describe('checkout (real Redis and RabbitMQ)', () => {
  let run: TestRun;
  let names: RunNames;
  let redis: Redis;
  let admin: RabbitMqTestAdmin;
  let publisher: Bus;
  let ordering: Bus;
  let running: RunningApp;
  const orderingQueue = () => `${names.exchange}.ordering-probe`;

  beforeEach(async () => {
    run = await TestRun.open('basket_checkout');
    ({ names, redis, admin, publisher } = run);
    // Stands in for ordering's queue: bound to UserCheckoutAccepted, never consumed, so the
    // tests count exactly what basket-api published.
    ordering = testBus(names, orderingQueue());
    await ordering.subscribe(USER_CHECKOUT_ACCEPTED, async () => undefined);
    await ordering.connect();
    running = await startBasketApp(basketEnv(names, { EVENT_BUS_PREFETCH: '1' }));
    await waitFor(() => isReady(running.server), 'ready');
  });

  afterEach(async () => {
    await running.app.close();
    await ordering.close();
    await run.close([orderingQueue()]);
  });

  const checkoutsPublished = () => admin.messageCount(orderingQueue());
  const orderStarted = (userId: string): OrderStartedIntegrationEvent => ({
    ...newEventIdentity(),
    userId,
    orderId: 7,
  });

  it('publishes one UserCheckoutAccepted per request id, carrying the basket; answers 202 each time', async () => {
    const alice = BasketClient.as(running.server, 'alice');
    run.catalog.sells(1, 19.99).sells(2, 5);
    await alice.put({ items: [line(1, 2), line(2)] });
    const requestId = randomUUID();

    const first = await alice.checkout(address, requestId);
    const repeated = await alice.checkout(address, requestId);
    expect([first.status, repeated.status]).toEqual([202, 202]);
    expect(await checkoutsPublished()).toBe(1);

    const [message] = await admin.drain(orderingQueue());
    expect(message?.properties.type).toBe(USER_CHECKOUT_ACCEPTED);
    expect(JSON.parse(message?.content.toString() ?? '{}')).toMatchObject({
      userId: 'alice',
      userName: 'name of alice',
      requestId,
      ...address,
      basket: {
        buyerId: 'alice',
        items: [
          { id: '1', productId: 1, unitPrice: 19.99, oldUnitPrice: 19.99, quantity: 2 },
          { id: '2', productId: 2, unitPrice: 5, oldUnitPrice: 5, quantity: 1 },
        ],
      },
    });

    // Another request id is another checkout (of what the basket holds by then).
    await alice.put({ items: [line(2)] });
    expect((await alice.checkout(address, randomUUID())).status).toBe(202);
    expect(await checkoutsPublished()).toBe(1);
  });

  it('takes the units out of the basket at checkout; OrderStarted (and its redelivery) never touches the basket', async () => {
    const alice = BasketClient.as(running.server, 'alice');
    const bob = BasketClient.as(running.server, 'bob');
    run.catalog.sells(1, 10).sells(2, 5).sells(3, 1);
    await alice.put({ items: [line(1, 2), line(2)] });
    await bob.put({ items: [line(1)] });
    const requestId = randomUUID();
    expect((await alice.checkout(address, requestId)).status).toBe(202);
    // The checked-out units left the basket: a second checkout cannot order them again.
    expect((await alice.get()).body.items).toEqual([]);
    expect(await alice.checkout(address, randomUUID())).toMatchObject({ status: 400, body: { code: 'BASKET_EMPTY' } });
    expect((await alice.checkout(address, requestId)).status).toBe(202);
    expect(await checkoutsPublished()).toBe(1);

    // Added after the checkout: not part of the order, so it stays whatever OrderStarted does.
    await alice.addItem(line(3));
    await alice.addItem(line(1));
    // One consumer with prefetch 1 handles in order: once carol's (last) event is handled,
    // every earlier one is too.
    await publisher.publish(ORDER_STARTED, orderStarted('bob'));
    const started = orderStarted('alice');
    await publisher.publish(ORDER_STARTED, started);
    await publisher.publish(ORDER_STARTED, started);
    const sentinel = orderStarted('carol');
    const { keys } = basketStore(redis, names);
    await publisher.publish(ORDER_STARTED, sentinel);
    await waitFor(
      async () => redis.exists(keys.handled(names.queue, sentinel.id, { buyerId: 'carol' })),
      'the events up to carol\'s',
    );
    expect(await redis.get(keys.handled(names.queue, started.id, { buyerId: 'alice' }))).toBe('completed');
    expect(await redis.hget(keys.checkout('alice', requestId), 'state')).toBe('started');
    expect((await alice.get()).body.items.map((i) => [i.productId, i.quantity])).toEqual([[3, 1], [1, 1]]);
    // bob never checked out: his OrderStarted (not one of ours) changes nothing.
    expect((await bob.get()).body.items.map((i) => [i.productId, i.quantity])).toEqual([[1, 1]]);
  });

  it('answers 503 and gives the units back when the broker is down; the same request id works later', async () => {
    const down = await startBasketApp(basketEnv(names, { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1' }));
    try {
      const aliceOnDown = BasketClient.as(down.server, 'alice');
      run.catalog.sells(1, 10);
      await aliceOnDown.put({ items: [line(1, 2)] });
      const requestId = randomUUID();

      const refused = await aliceOnDown.checkout(address, requestId);
      expect(refused).toMatchObject({ status: 503, body: { statusCode: 503, code: 'CHECKOUT_UNAVAILABLE' } });
      expect((await aliceOnDown.get()).body.items.map((i) => [i.productId, i.quantity])).toEqual([[1, 2]]);
      const ready = await request(down.server).get('/health/ready');
      // Ready all the same (baskets work without the broker); the broker is reported down.
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ details: { rabbitmq: { connected: false } } });

      // The refused request freed its id: the client's retry (here on a healthy instance) works.
      const retried = await BasketClient.as(running.server, 'alice').checkout(address, requestId);
      expect(retried.status).toBe(202);
      expect(await checkoutsPublished()).toBe(1);
      expect((await aliceOnDown.get()).body.items).toEqual([]);
    } finally {
      await down.app.close();
    }
  });

  it('gives the units back when no OrderStarted comes in time; a late one leaves the basket alone', async () => {
    const quick = await startBasketApp(basketEnv(names, { CHECKOUT_TIMEOUT_MS: '1000', CHECKOUT_SWEEP_INTERVAL_MS: '100' }));
    try {
      const judy = BasketClient.as(quick.server, 'judy');
      run.catalog.sells(1, 10).sells(2, 5);
      await judy.put({ items: [line(1, 2)] });
      expect((await judy.checkout(address, randomUUID())).status).toBe(202);
      await judy.addItem(line(2));
      expect((await judy.get()).body.items.map((i) => [i.productId, i.quantity])).toEqual([[2, 1]]);

      await waitFor(async () => (await judy.get()).body.items.length === 2, 'the units given back');
      expect((await judy.get()).body.items.map((i) => [i.productId, i.quantity])).toEqual([[2, 1], [1, 2]]);
      const late = orderStarted('judy');
      await publisher.publish(ORDER_STARTED, late);
      const { keys } = basketStore(redis, names);
      await waitFor(async () => redis.exists(keys.handled(names.queue, late.id, { buyerId: 'judy' })), 'the late OrderStarted');
      expect((await judy.get()).body.items.map((i) => [i.productId, i.quantity])).toEqual([[2, 1], [1, 2]]);
    } finally {
      await quick.app.close();
    }
  });

  it('refuses bad checkout input with a 4xx naming the problem', async () => {
    const alice = BasketClient.as(running.server, 'alice');
    run.catalog.sells(1, 10).sells(2, 3);
    await alice.put({ items: [line(1)] });
    const cases: Array<[unknown, string | undefined, string]> = [
      [address, undefined, 'x-requestid: header is required'],
      [address, 'not-a-uuid', 'x-requestid: must be a uuid'],
      [address, '00000000-0000-0000-0000-000000000000', 'x-requestid: must not be the nil uuid'],
      [{ ...address, street: 'Main St\u0000' }, randomUUID(), 'street: must not contain control characters'],
      [{ ...address, cardNumber: '12ab' }, randomUUID(), 'cardNumber: Invalid string'],
      [{ ...address, cardTypeId: -1 }, randomUUID(), 'cardTypeId: must be one of 1, 2, 3'],
      [{ ...address, buyerId: 'bob' }, randomUUID(), 'buyerId: unknown field'],
      [{ ...address, city: undefined }, randomUUID(), 'city: Invalid input'],
    ];
    for (const [body, requestId, message] of cases) {
      const reply = await alice.checkout(body, requestId);
      expect([reply.status, (reply.body as { message: string }).message]).toEqual([400, expect.stringContaining(message)]);
    }
    const anonymous = await new BasketClient(running.server, undefined).checkout(address, randomUUID());
    expect(anonymous.status).toBe(401);
    // A token whose name the event contract cannot carry: refused, nothing published.
    const longName = tokenOf({ sub: 'alice', name: 'x'.repeat(250) });
    const tooLong = await new BasketClient(running.server, `Bearer ${longName}`).checkout(address, randomUUID());
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'CHECKOUT_REJECTED', message: expect.stringContaining('userName') } });

    // An empty basket is refused, and that refusal does not burn the request id.
    const bob = BasketClient.as(running.server, 'bob');
    const requestId = randomUUID();
    expect(await bob.checkout(address, requestId)).toMatchObject({ status: 400, body: { code: 'BASKET_EMPTY' } });
    await bob.put({ items: [line(2)] });
    expect((await bob.checkout(address, requestId)).status).toBe(202);
    expect(await checkoutsPublished()).toBe(1);
  });

  it('scopes request ids to the buyer: the same id from two buyers is two checkouts', async () => {
    run.catalog.sells(1, 10);
    const requestId = randomUUID();
    for (const buyer of ['grace', 'heidi']) {
      const client = BasketClient.as(running.server, buyer);
      await client.put({ items: [line(1)] });
      expect((await client.checkout(address, requestId)).status).toBe(202);
    }
    const messages = await admin.drain(orderingQueue());
    expect(messages.map((m) => JSON.parse(m.content.toString()) as { userId: string; requestId: string })).toEqual([
      expect.objectContaining({ userId: 'grace', requestId }),
      expect.objectContaining({ userId: 'heidi', requestId }),
    ]);
  });

  it('refuses a checkout whose stored lines or token name hold a control character: 400, nothing published', async () => {
    // A catalog name with a NUL (catalog's own validation is catalog's business).
    run.catalog.sells(1, 10, 1, { name: 'Mug\u0000' }).sells(2, 5);
    const ivan = BasketClient.as(running.server, 'ivan');
    await ivan.put({ items: [line(2), line(1)] });
    const requestId = randomUUID();
    expect(await ivan.checkout(address, requestId)).toMatchObject({
      status: 400,
      body: { code: 'CHECKOUT_REJECTED', message: 'checkout: basket.items.1.productName: must not contain control characters' },
    });
    const nulName = tokenOf({ sub: 'ivan', name: 'Ivan\u0000' });
    const byName = await new BasketClient(running.server, `Bearer ${nulName}`).checkout(address, randomUUID());
    expect(byName).toMatchObject({ status: 400, body: { code: 'CHECKOUT_REJECTED', message: expect.stringContaining('userName: must not contain control characters') } });
    // The refusal did not burn the id: once the line is gone, the same id checks out.
    await ivan.put({ items: [line(2)] });
    expect((await ivan.checkout(address, requestId)).status).toBe(202);
    expect(await checkoutsPublished()).toBe(1);
  });
});
