import { EventBusUnavailableError } from '../index';
import { closeBrokerConnections, sleep, waitFor } from '@eshop/testing';
import { BusFixture, PRODUCT_PRICE_CHANGED, priceChanged } from './bus-fixture';

describe('RabbitMqEventBus reconnection and shutdown', () => {
  let fx: BusFixture;
  beforeEach(async () => (fx = await new BusFixture().init()));
  afterEach(() => fx.cleanup());

  it('survives forced connection closes with no confirmed message lost', async () => {
    const consumer = fx.bus('basket-api');
    const received = new Set<string>();
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (e) => void received.add(e.id));
    await consumer.connect();
    await consumer.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();

    // A publisher that keeps going like the outbox relay would: a failed publish is
    // retried until confirmed. Only confirmed ids count as "handed over".
    const confirmed = new Set<string>();
    let failures = 0;
    let stop = false;
    const publishing = (async () => {
      for (let i = 0; i < 5_000 && !stop; i++) {
        const event = priceChanged();
        while (!stop) {
          try {
            await publisher.publish(PRODUCT_PRICE_CHANGED, event);
            confirmed.add(event.id);
            break;
          } catch {
            failures += 1;
            await sleep(20);
          }
        }
        await sleep(5);
      }
    })();

    try {
      for (const cut of [1, 2]) {
        const before = confirmed.size;
        await waitFor(() => confirmed.size >= before + 50, `50 more confirmed before cut ${cut}`, 20_000);
        const failuresBefore = failures;
        expect(await closeBrokerConnections(fx.exchange)).toBe(2);
        await waitFor(() => failures > failuresBefore, `publishes failing after cut ${cut}`, 20_000);
      }
      const afterCuts = confirmed.size;
      await waitFor(() => confirmed.size >= afterCuts + 50, 'publishing resumed', 20_000);
    } finally {
      stop = true;
      await publishing;
    }

    await waitFor(() => [...confirmed].every((id) => received.has(id)), 'every confirmed id delivered', 20_000);
    expect(consumer.status()).toMatchObject({ connected: true, consuming: true });
    expect(await fx.admin.messageCount(`${fx.queueName('basket-api')}.parking`)).toBe(0);
  });

  it('rejects publishes at once while disconnected instead of buffering them', async () => {
    const publisher = fx.bus(undefined, { url: 'amqp://guest:guest@127.0.0.1:1' });
    await expect(publisher.connect(200)).rejects.toBeInstanceOf(EventBusUnavailableError);
    await expect(publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged())).rejects.toBeInstanceOf(
      EventBusUnavailableError,
    );
    expect(publisher.status().connected).toBe(false);
  });

  it('settles a pending connect when the bus is closed', async () => {
    const bus = fx.bus(undefined, { url: 'amqp://guest:guest@127.0.0.1:1' });
    const connecting = bus.connect(60_000);
    await bus.close();
    await expect(connecting).rejects.toThrow('the bus was closed');
  });

  it('on close, stops consuming and lets the running handler finish and ack', async () => {
    const consumer = fx.bus('basket-api');
    let started = 0;
    let finished = 0;
    await consumer.subscribe(PRODUCT_PRICE_CHANGED, async () => {
      started += 1;
      await sleep(300);
      finished += 1;
    });
    await consumer.connect();
    await consumer.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();
    await publisher.publish(PRODUCT_PRICE_CHANGED, priceChanged());
    await waitFor(() => started === 1, 'handler started');

    await consumer.close();

    expect(finished).toBe(1);
    // Acked before the connection closed: nothing is left to redeliver.
    expect(await fx.admin.messageCount(fx.queueName('basket-api'))).toBe(0);
  });

  it('a message whose consumer died unacked comes back flagged as redelivered', async () => {
    const first = fx.bus('basket-api', { shutdownTimeoutMs: 100 });
    const started: string[] = [];
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    await first.subscribe(PRODUCT_PRICE_CHANGED, async (e) => {
      started.push(e.id);
      await stuck; // still "working" when its connection dies
    });
    await first.connect();
    await first.startConsuming();
    const publisher = fx.bus(undefined);
    await publisher.connect();
    const event = priceChanged();
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    await waitFor(() => started.length === 1, 'first consumer got it');

    await closeBrokerConnections(`${fx.exchange}:basket-api`);
    await first.close();
    release(); // its late ack goes nowhere: the channel is gone

    const second = fx.bus('basket-api', { connectionName: `${fx.exchange}:second` });
    const redeliveries: boolean[] = [];
    await second.subscribe(PRODUCT_PRICE_CHANGED, async (_e, ctx) => void redeliveries.push(ctx.redelivered));
    await second.connect();
    await second.startConsuming();
    await waitFor(() => redeliveries.length === 1, 'redelivery');
    expect(redeliveries).toEqual([true]);
  });
});
