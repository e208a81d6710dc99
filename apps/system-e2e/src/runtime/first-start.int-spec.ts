import { connect, type ChannelModel } from 'amqplib';
import { buildApps, deleteQueuesByPrefix, RabbitMqTestAdmin, testEnv, waitFor } from '@eshop/testing';
import { Shop } from '../support/shop';
import { TestSystem } from '../support/system';

/**
 * Issue 13 §5 at system level: an event published before its consumer ever started is kept.
 * Only catalog-api runs on the run's exchange; it declares basket-api's queue and bindings
 * from the contract's subscriber table at start. A price change waits there, and basket-api,
 * started on that exchange for the first time afterwards, applies it.
 *
 * The buyer's basket must hold the product before the change (only then does it show one),
 * and only basket-api can put it there (it takes name and price from catalog). So a
 * basket-api instance fills it first on another exchange and queue (`<run>.before.*`): it
 * writes to the run's Redis prefix and never touches the run's exchange, where no basket-api
 * ever consumed before the price change. Writing basket's Redis keys by hand would test a
 * copy of its storage layout instead.
 */
describe('first start: an event published before its consumer first started is kept', () => {
  let system: TestSystem;
  let shop: Shop;
  let broker: ChannelModel;
  const beforePrefix = () => `${system.run}.before.`;

  beforeAll(async () => {
    system = await TestSystem.start(['catalog-api']);
    buildApps('basket-api');
    shop = new Shop(system);
    broker = await connect(testEnv.rabbitmqUrl);
  }, 300_000);
  afterAll(async () => {
    await broker?.close().catch(() => undefined);
    if (!system) return;
    await system.stop();
    // Everything of the run: the queues catalog declared for its subscribers, and the `before` ones.
    await deleteQueuesByPrefix(`${system.run}.`);
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteExchange(`${beforePrefix()}events`);
    await admin.close();
  }, 120_000);

  /** The queue as the broker has it (messages ready, consumers), or undefined when it does not exist. */
  async function inspect(queue: string): Promise<{ messageCount: number; consumerCount: number } | undefined> {
    const channel = await broker.createChannel();
    channel.on('error', () => undefined);
    try {
      return await channel.checkQueue(queue);
    } catch {
      return undefined;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  it('catalog declares basket’s queue; the change waits in it; basket applies it at its first start', async () => {
    const basketQueue = system.queue('basket-api');
    // Declared by catalog, the only app started on this exchange so far.
    expect(await inspect(basketQueue)).toEqual(expect.objectContaining({ messageCount: 0, consumerCount: 0 }));

    const item = await shop.createProduct({ price: 20 });
    const buyer = 'first-start-buyer';
    await system.startInstance('basket-api#0', {
      EVENT_BUS_EXCHANGE: `${beforePrefix()}events`,
      EVENT_BUS_QUEUE: `${beforePrefix()}basket-api`,
    });
    await shop.addToBasket(buyer, item);
    expect(await shop.basket(buyer)).toEqual([expect.objectContaining({ productId: item.id, unitPrice: 20, oldUnitPrice: 20 })]);
    await system.stopInstance('basket-api#0');

    const changed = await shop.changePrice(item, 21.5);
    expect(changed.status).toBe(200);
    // The relay published it; with no consumer yet, it waits in the queue catalog declared.
    const waiting = await waitFor(
      async () => {
        const queue = await inspect(basketQueue);
        return queue && queue.messageCount > 0 ? queue : undefined;
      },
      'the price change to wait in basket-api’s queue',
      60_000,
      100,
    );
    expect(waiting).toEqual({ queue: basketQueue, messageCount: 1, consumerCount: 0 });

    await system.startInstance('basket-api');
    const lines = await waitFor(
      async () => {
        const seen = await shop.basket(buyer);
        return seen[0]?.unitPrice === 21.5 ? seen : undefined;
      },
      'basket-api to apply the change it was not running for',
      60_000,
      100,
    );
    expect(lines).toEqual([expect.objectContaining({ productId: item.id, unitPrice: 21.5, oldUnitPrice: 20 })]);
    await waitFor(async () => (await inspect(basketQueue))?.messageCount === 0, 'basket-api’s queue to drain', 30_000);
    console.log(`first-start: basket queue declared by catalog before basket started; waiting=${waiting.messageCount} applied=1`);
  }, 300_000);
});
