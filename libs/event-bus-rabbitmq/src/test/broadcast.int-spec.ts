import { closeBrokerConnections, queueTypes, waitFor } from '@eshop/testing';
import { HEADERS, broadcastParkingQueueName, type BusObserver } from '../index';
import { BusFixture, PRODUCT_PRICE_CHANGED, priceChanged, type Bus } from './bus-fixture';

/** Asked of the broker itself: an exclusive queue refuses every other connection's `checkQueue`. */
async function queueExists(queue: string): Promise<boolean> {
  return (await queueTypes(queue)).has(queue);
}

describe('RabbitMqEventBus broadcast subscriptions (one exclusive queue per instance)', () => {
  let fx: BusFixture;
  let name: string;
  beforeEach(async () => {
    fx = await new BusFixture().init();
    name = fx.queueName('api-gateway');
  });
  afterEach(async () => {
    await fx.admin.deleteQueues(broadcastParkingQueueName(name));
    await fx.cleanup();
  });

  /** An instance of a broadcast subscriber ("gateway a", "gateway b"): its connection named after it. */
  async function instance(id: string, handle: (eventId: string) => Promise<void>, observer?: BusObserver): Promise<Bus> {
    const bus = fx.bus(undefined, { connectionName: `${fx.exchange}:${id}`, broadcastName: name, ...(observer ? { observer } : {}) });
    await bus.subscribeBroadcast(PRODUCT_PRICE_CHANGED, (event) => handle(event.id));
    await bus.connect();
    await bus.startConsuming();
    return bus;
  }

  it('gives every instance every event, while the instances of a service queue share them', async () => {
    const seen = { a: [] as string[], b: [] as string[], competing: [] as string[] };
    const a = await instance('gw-a', async (id) => void seen.a.push(id));
    await instance('gw-b', async (id) => void seen.b.push(id));
    for (const worker of [fx.bus('basket-api'), fx.bus('basket-api')]) {
      await worker.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void seen.competing.push(e.id));
      await worker.connect();
      await worker.startConsuming();
    }
    const publisher = fx.bus(undefined);
    await publisher.connect();

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const event = priceChanged();
      ids.push(event.id);
      await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    }

    await waitFor(() => seen.a.length === 20 && seen.b.length === 20 && seen.competing.length === 20, 'every delivery');
    expect(seen.a.sort()).toEqual([...ids].sort());
    expect(seen.b.sort()).toEqual([...ids].sort());
    // The service queue delivered each event once, to one of its two workers.
    expect(new Set(seen.competing).size).toBe(20);
    expect(a.status()).toMatchObject({ broadcasting: true, consuming: false, queue: undefined });
    expect(a.status().broadcastQueue).toMatch(/^amq\.gen-/);
  });

  it('deletes the queue with its instance, so nothing piles up for an instance that is gone', async () => {
    const bus = await instance('gw-a', async () => undefined);
    const queue = bus.status().broadcastQueue ?? '';
    expect(await queueExists(queue)).toBe(true);

    await bus.close();

    await waitFor(async () => !(await queueExists(queue)), 'the broadcast queue deleted');
  });

  it('declares a new queue and binds it again after the connection drops', async () => {
    const seen: string[] = [];
    const bus = await instance('gw-a', async (id) => void seen.push(id));
    const before = bus.status().broadcastQueue ?? '';
    const publisher = fx.bus(undefined);
    await publisher.connect();

    expect(await closeBrokerConnections(`${fx.exchange}:gw-a`)).toBe(1);
    await waitFor(() => {
      const { broadcasting, broadcastQueue } = bus.status();
      return broadcasting && broadcastQueue !== undefined && broadcastQueue !== before;
    }, 'a new broadcast queue consumed');
    expect(await queueExists(before)).toBe(false);

    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    await waitFor(() => seen.includes(event.id), 'the event after the reconnect');
  });

  it('parks a failing delivery at once with its error (no retries), and counts it', async () => {
    const outcomes: string[] = [];
    const observer: BusObserver = { published: () => undefined, consumed: (_e, outcome) => void outcomes.push(outcome) };
    const attempts: string[] = [];
    await instance('gw-a', async (id) => {
      attempts.push(id);
      throw new Error('no stream table');
    }, observer);
    const publisher = fx.bus(undefined);
    await publisher.connect();

    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    const parking = broadcastParkingQueueName(name);
    await waitFor(async () => (await fx.admin.messageCount(parking)) === 1, 'parked');

    const [parked] = await fx.admin.drain(parking);
    expect(parked?.properties.messageId).toBe(event.id);
    expect(parked?.properties.headers?.[HEADERS.parkedError]).toBe('Error: no stream table');
    expect(parked?.properties.headers?.[HEADERS.parkedFrom]).toBe(`${name} (broadcast)`);
    expect(attempts).toEqual([event.id]);
    expect(outcomes).toEqual(['park']);
  });

  it('parks poison (unparsable JSON) from the broadcast queue too', async () => {
    const seen: string[] = [];
    await instance('gw-a', async (id) => void seen.push(id));

    await fx.admin.publishRaw(fx.exchange, PRODUCT_PRICE_CHANGED, '{"id": no json', { type: PRODUCT_PRICE_CHANGED });
    const parking = broadcastParkingQueueName(name);
    await waitFor(async () => (await fx.admin.messageCount(parking)) === 1, 'poison parked');

    const [parked] = await fx.admin.drain(parking);
    expect(parked?.properties.headers?.[HEADERS.parkedReason]).toBe('unparsable JSON');
    expect(seen).toEqual([]);
  });
});
