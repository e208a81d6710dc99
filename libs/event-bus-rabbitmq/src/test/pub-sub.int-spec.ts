import type { DeliveryContext } from '@eshop/event-bus';
import { waitFor } from '@eshop/testing';
import { BusFixture, PRODUCT_PRICE_CHANGED, priceChanged } from './bus-fixture';

describe('RabbitMqEventBus publish/subscribe', () => {
  let fx: BusFixture;
  beforeEach(async () => (fx = await new BusFixture().init()));
  afterEach(() => fx.cleanup());

  it('delivers one event to the queue of every subscribing service', async () => {
    const basket = fx.bus('basket-api');
    const ordering = fx.bus('ordering-api');
    const seen = { basket: [] as string[], ordering: [] as string[] };
    await basket.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void seen.basket.push(e.id));
    await ordering.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void seen.ordering.push(e.id));
    await Promise.all([basket.connect(), ordering.connect()]);
    await Promise.all([basket.startConsuming(), ordering.startConsuming()]);
    const publisher = fx.bus(undefined);
    await publisher.connect();

    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);

    await waitFor(() => seen.basket.length === 1 && seen.ordering.length === 1, 'both services');
    expect(seen).toEqual({ basket: [event.id], ordering: [event.id] });
  });

  it('sends the contract properties and hands attempt, redelivered and trace to the handler', async () => {
    const consumer = fx.bus('basket-api');
    const contexts: DeliveryContext[] = [];
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (_e, ctx) => void contexts.push(ctx));
    await consumer.connect();
    const publisher = fx.bus(undefined);
    await publisher.connect();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

    // A raw peek at the message as it sits in the queue, before anyone consumes it.
    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event, { traceparent });
    const [raw] = await fx.admin.drain(fx.queueName('basket-api'));
    expect(raw?.properties).toMatchObject({
      messageId: event.id,
      type: PRODUCT_PRICE_CHANGED,
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { traceparent, 'x-attempt': 1 },
    });
    expect(Math.abs(raw?.properties.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(raw?.content.toString() ?? '')).toEqual(event);

    await consumer.startConsuming();
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged(), { traceparent });
    await waitFor(() => contexts.length === 1, 'delivery');
    expect(contexts[0]).toMatchObject({
      eventName: PRODUCT_PRICE_CHANGED,
      attempt: 1,
      redelivered: false,
      traceparent,
    });
  });

  it('shares one queue between instances of a service: each message is handled once', async () => {
    const instances = [fx.bus('ordering-api', { prefetch: 5 }), fx.bus('ordering-api', { prefetch: 5 })];
    const handledBy = new Map<string, number[]>();
    for (const [index, bus] of instances.entries()) {
      await bus.subscribe(PRODUCT_PRICE_CHANGED, async (e) => {
        handledBy.set(e.id, [...(handledBy.get(e.id) ?? []), index]);
      });
      await bus.connect();
      await bus.startConsuming();
    }
    const publisher = fx.bus(undefined);
    await publisher.connect();

    const events = Array.from({ length: 200 }, () => priceChanged());
    await Promise.all(events.map((e) => publisher.publish(PRODUCT_PRICE_CHANGED, e)));

    await waitFor(() => handledBy.size === events.length, 'all 200 handled', 15_000);
    const perInstance = [0, 0];
    for (const handlers of handledBy.values()) {
      expect(handlers).toHaveLength(1);
      perInstance[handlers[0] ?? 0] += 1;
    }
    expect(perInstance[0]).toBeGreaterThan(0);
    expect(perInstance[1]).toBeGreaterThan(0);
  });

});
