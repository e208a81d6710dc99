import { connect } from 'amqplib';
import { sleep, testEnv, waitFor } from '@eshop/testing';
import { HEADERS, PublishNotConfirmedError } from '../index';
import { BusFixture, PRODUCT_PRICE_CHANGED, priceChanged } from './bus-fixture';

describe('RabbitMqEventBus failures: confirms, retries, parking, poison', () => {
  let fx: BusFixture;
  beforeEach(async () => (fx = await new BusFixture().init()));
  afterEach(() => fx.cleanup());

  it('rejects a publish when the exchange is missing, and recovers on the next one', async () => {
    const publisher = fx.bus(undefined);
    await publisher.connect();
    await fx.admin.deleteExchange(fx.exchange);

    await expect(publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged())).rejects.toBeInstanceOf(
      PublishNotConfirmedError,
    );
    // The next publish opens a fresh channel that declares the exchange again.
    await expect(publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged())).resolves.toBeUndefined();
  });

  it('rejects a publish the broker refuses (nack from a full reject-publish queue)', async () => {
    const publisher = fx.bus(undefined);
    await publisher.connect();
    const full = `${fx.exchange}.full`;
    const channel = await connect(testEnv.rabbitmqUrl);
    const ch = await channel.createChannel();
    await ch.assertQueue(full, { durable: false, arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' } });
    await ch.bindQueue(full, fx.exchange, PRODUCT_PRICE_CHANGED);
    try {
      await expect(publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged())).rejects.toThrow(/nack/);
    } finally {
      await ch.deleteQueue(full);
      await channel.close();
    }
  });

  it('refuses to publish an event that breaks its schema, before sending anything', async () => {
    const publisher = fx.bus(undefined);
    await publisher.connect();
    await expect(
      publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged({ newPrice: 1.234 })),
    ).rejects.toThrow(/newPrice: must have at most two decimals/);
  });

  it('retries a failing handler with growing delays, then parks it with the error', async () => {
    const consumer = fx.bus('basket-api', { retry: { maxRetries: 2, initialDelayMs: 100, multiplier: 3 } });
    const attempts: Array<{ attempt: number; at: number }> = [];
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (_e, ctx) => {
      attempts.push({ attempt: ctx.attempt, at: Date.now() });
      throw new Error('catalog price rejected by rule 7');
    });
    await consumer.connect();
    await consumer.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();

    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    const parking = `${fx.queueName('basket-api')}.parking`;
    await waitFor(async () => (await fx.admin.messageCount(parking)) === 1, 'parked message');

    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Delays of 100 ms then 300 ms. Each gap is at least its delay (a message never leaves its
    // delay queue early); only lower bounds: on a loaded machine either gap may run long.
    const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    const [parked] = await fx.admin.drain(parking);
    expect(JSON.parse(parked!.content.toString())).toEqual(event);
    expect(parked!.properties.messageId).toBe(event.id);
    expect(parked!.properties.headers).toMatchObject({
      [HEADERS.attempt]: 3,
      [HEADERS.parkedReason]: 'handler failed 3 times',
      [HEADERS.parkedError]: 'Error: catalog price rejected by rule 7',
      [HEADERS.parkedFrom]: fx.queueName('basket-api'),
    });
    await sleep(400);
    expect(attempts).toHaveLength(3);
    expect(await fx.admin.messageCount(fx.queueName('basket-api'))).toBe(0);
  });

  it('acks a handler that succeeds on a retry; nothing is parked', async () => {
    const consumer = fx.bus('basket-api');
    let calls = 0;
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
    });
    await consumer.connect();
    await consumer.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged());
    await waitFor(() => calls === 2, 'second attempt');
    await sleep(200);
    expect(calls).toBe(2);
    expect(await fx.admin.messageCount(`${fx.queueName('basket-api')}.parking`)).toBe(0);
  });

  it('parks poison at once (bad JSON, schema-invalid, unknown type) while good messages flow', async () => {
    const consumer = fx.bus('basket-api');
    const handled: string[] = [];
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void handled.push(e.id));
    await consumer.connect();
    await consumer.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();

    const raw = { type: PRODUCT_PRICE_CHANGED, contentType: 'application/json' };
    await fx.admin.publishRaw(fx.exchange, PRODUCT_PRICE_CHANGED, '{"id": oops', { ...raw, messageId: 'bad-json' });
    await fx.admin.publishRaw(fx.exchange, PRODUCT_PRICE_CHANGED, JSON.stringify({ ...priceChanged(), newPrice: -1 }), { ...raw, messageId: 'invalid' });
    await fx.admin.publishRaw(fx.exchange, PRODUCT_PRICE_CHANGED, JSON.stringify(priceChanged()), { ...raw, type: 'NoSuchEvent', messageId: 'unknown' });
    const good = [priceChanged(), priceChanged()];
    for (const e of good) await publisher.publish(PRODUCT_PRICE_CHANGED, e);

    await waitFor(() => handled.length === 2, 'good messages');
    const parking = `${fx.queueName('basket-api')}.parking`;
    await waitFor(async () => (await fx.admin.messageCount(parking)) === 3, 'three parked');
    const parked = await fx.admin.drain(parking);
    const reasons = Object.fromEntries(
      parked.map((m) => [m.properties.messageId, String(m.properties.headers?.[HEADERS.parkedReason])]),
    );
    expect(reasons).toEqual({
      'bad-json': 'unparsable JSON',
      invalid: 'schema-invalid',
      unknown: 'unknown event NoSuchEvent',
    });
    expect(String(parked.find((m) => m.properties.messageId === 'invalid')?.properties.headers?.[HEADERS.parkedError])).toMatch(/newPrice/);
    // Poison is never retried: each went to parking on its first attempt.
    expect(parked.every((m) => m.properties.headers?.[HEADERS.attempt] === undefined)).toBe(true);
    expect(handled).toEqual(good.map((e) => e.id));
  });
});
