import { connect } from 'amqplib';
import { queueTypes, testEnv, waitFor } from '@eshop/testing';
import { silentLogger } from '@eshop/logger';
import { parkingQueueName } from '../index';
import { BusFixture, PRODUCT_PRICE_CHANGED, priceChanged } from './bus-fixture';

/**
 * Service queues are quorum queues by default (replicated on a cluster); retry and parking
 * queues match. A message whose consumer dies before acking it, again and again, is parked by
 * the broker after the delivery limit instead of looping forever.
 */
describe('RabbitMqEventBus queue types', () => {
  let fx: BusFixture;
  beforeEach(async () => (fx = await new BusFixture().init()));
  afterEach(() => fx.cleanup());

  it('declares the service, retry and parking queues as quorum queues by default', async () => {
    const consumer = fx.bus('basket-api');
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async () => undefined);
    await consumer.connect();
    const types = await queueTypes(fx.queueName('basket-api'));
    expect(types.size).toBeGreaterThanOrEqual(3); // queue, parking, one per retry delay
    expect(new Set(types.values())).toEqual(new Set(['quorum']));
  });

  it('parks a message redelivered past the delivery limit (a consumer that never acks)', async () => {
    const queue = fx.queueName('basket-api');
    const consumer = fx.bus('basket-api', { deliveryLimit: 2 });
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async () => undefined);
    await consumer.connect();
    await consumer.close(); // declared with its bindings, nobody consuming

    const publisher = fx.bus(undefined);
    await publisher.connect();
    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);

    // A consumer that "dies" on every delivery: requeue without ack, as a crash would.
    const connection = await connect(testEnv.rabbitmqUrl);
    const channel = await connection.createChannel();
    let deliveries = 0;
    await channel.consume(queue, (message) => {
      if (!message) return;
      deliveries += 1;
      channel.nack(message, false, true);
    });
    try {
      await waitFor(async () => (await fx.admin.messageCount(parkingQueueName(queue))) === 1, 'parked by the broker');
    } finally {
      await connection.close();
    }
    expect(deliveries).toBeGreaterThan(2);
    const [parked] = await fx.admin.drain(parkingQueueName(queue));
    expect(parked?.properties.messageId).toBe(event.id);
  });

  it('declares classic queues when asked (EVENT_BUS_QUEUE_TYPE=classic), and they work', async () => {
    const consumer = fx.bus('basket-api', { queueType: 'classic' });
    const seen: string[] = [];
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void seen.push(e.id));
    await consumer.connect();
    await consumer.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();
    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    await waitFor(() => seen.length === 1, 'delivery on a classic queue');
    expect(seen).toEqual([event.id]);
    expect(new Set((await queueTypes(fx.queueName('basket-api'))).values())).toEqual(new Set(['classic']));
  });
});

/**
 * An event published before its consumer ever started is kept: the publisher declares the
 * subscribers' queues and bindings (the contract's subscriber table) when it connects.
 */
describe('RabbitMqEventBus subscriber queues declared by the publisher', () => {
  let fx: BusFixture;
  beforeEach(async () => (fx = await new BusFixture().init()));
  afterEach(() => fx.cleanup());

  it('delivers an event published before the consumer first declared its queue', async () => {
    const queue = fx.queueName('basket-api');
    const publisher = fx.bus(undefined, { subscriberQueues: [{ queue, events: [PRODUCT_PRICE_CHANGED] }] });
    await publisher.connect();
    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);

    // basket starts for the first time only now.
    const consumer = fx.bus('basket-api');
    const seen: string[] = [];
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void seen.push(e.id));
    await consumer.connect();
    await consumer.startConsuming();
    await waitFor(() => seen.length === 1, 'the early event');
    expect(seen).toEqual([event.id]);
  });

  it('keeps publishing when a subscriber queue exists with other arguments (logged, skipped)', async () => {
    const queue = fx.queueName('ordering-api');
    const connection = await connect(testEnv.rabbitmqUrl);
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true }); // classic, no dead-letter arguments
    await connection.close();
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_f: Record<string, unknown>, message: string) => void warnings.push(message) };
    const publisher = fx.bus(undefined, { logger, subscriberQueues: [{ queue, events: [PRODUCT_PRICE_CHANGED] }] });
    await publisher.connect();
    await expect(publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged())).resolves.toBeUndefined();
    expect(warnings).toContain('could not declare a subscriber queue');
    await fx.admin.deleteQueues(queue);
  });
});
