import { uniqueName } from '@eshop/testing';
import { parkedMessages, waitUntilSettled } from '../support/settle';
import type { Shop } from '../support/shop';
import type { TestSystem } from '../support/system';
import { useSystem } from '../support/use-system';

// The checkout saga across catalog-api, basket-api, ordering-api and payment-api, each a
// child process, on real Postgres, Redis and RabbitMQ. The steps and their handlers are
// mapped in docs/patterns/saga-choreography.md.
describe('checkout saga (four services as processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  useSystem(['catalog-api', 'basket-api', 'ordering-api', 'payment-api'], (started) => ({ system, shop } = started));
  // No saga event may end in a parking queue (settling leaves parked messages where they are).
  afterEach(async () => {
    if (system) expect(await parkedMessages(system)).toBe(0);
  });

  it('happy path: checkout → paid; stock down by exactly the units; basket emptied; then ship; cancel is 409', async () => {
    const tent = await shop.createProduct({ stock: 10, price: 249.99 });
    const stove = await shop.createProduct({ stock: 5, price: 30.05 });
    const buyer = uniqueName('buyer');

    expect((await shop.checkout(buyer, [{ product: tent, quantity: 3 }, { product: stove, quantity: 2 }])).status).toBe(202);
    const orderNumber = await shop.theOrderOf(buyer);
    const order = await shop.waitForStatus(buyer, orderNumber, 'paid');
    await waitUntilSettled(system);

    expect(order.total).toBe(810.07); // 3 × 249.99 + 2 × 30.05, in exact cents
    expect(order.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'stockconfirmed', 'paid']);
    expect([await shop.stockOf(tent.id), await shop.stockOf(stove.id)]).toEqual([7, 3]);
    expect(await shop.basket(buyer)).toEqual([]);

    const cancel = await shop.orderCommand(buyer, 'cancel', orderNumber);
    expect(cancel).toMatchObject({ status: 409, body: { code: 'ORDER_STATUS_TRANSITION_NOT_ALLOWED' } });
    expect(await shop.orderCommand(buyer, 'ship', orderNumber)).toEqual({ status: 200, body: { orderNumber, status: 'shipped' } });
    expect((await shop.orderCommand(buyer, 'cancel', orderNumber)).status).toBe(409);
    expect((await shop.waitForStatus(buyer, orderNumber, 'shipped')).status).toBe('shipped');
  });

  it('more units than in stock → cancelled, naming the product; no stock taken', async () => {
    const [plenty, scarce] = [await shop.createProduct({ stock: 50 }), await shop.createProduct({ stock: 2 })];
    const buyer = uniqueName('buyer');

    await shop.checkout(buyer, [{ product: plenty, quantity: 1 }, { product: scarce, quantity: 3 }]);
    const orderNumber = await shop.theOrderOf(buyer);
    const order = await shop.waitForStatus(buyer, orderNumber, 'cancelled');
    await waitUntilSettled(system);

    expect(order.description).toBe(`stock rejected: not enough stock for product ${scarce.id}`);
    expect(order.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'cancelled']);
    expect([await shop.stockOf(plenty.id), await shop.stockOf(scarce.id)]).toEqual([50, 2]);
  });

  it('payment failure → cancelled; no stock taken', async () => {
    await system.stopInstance('payment-api');
    await system.startInstance('payment-api', { PAYMENT_SUCCEEDS: 'false' });
    try {
      const product = await shop.createProduct({ stock: 4 });
      const buyer = uniqueName('buyer');
      await shop.checkout(buyer, [{ product, quantity: 4 }]);
      const orderNumber = await shop.theOrderOf(buyer);
      const order = await shop.waitForStatus(buyer, orderNumber, 'cancelled');
      await waitUntilSettled(system);

      expect(order.description).toBe('payment failed');
      expect(order.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'stockconfirmed', 'cancelled']);
      expect(await shop.stockOf(product.id)).toBe(4);
    } finally {
      await system.stopInstance('payment-api');
      await system.startInstance('payment-api');
    }
  }, 180_000); // two restarts of payment-api, each may take a minute on a loaded machine

  it("a buyer's cancel during the saga is a compensation like the others", async () => {
    const product = await shop.createProduct({ stock: 6 });
    const buyer = uniqueName('buyer');
    // Payment is away: the order stops at stockconfirmed, where the buyer may still cancel.
    await system.stopInstance('payment-api');
    try {
      await shop.checkout(buyer, [{ product, quantity: 1 }]);
      const orderNumber = await shop.theOrderOf(buyer);
      await shop.waitForStatus(buyer, orderNumber, 'stockconfirmed');
      expect(await shop.orderCommand(buyer, 'cancel', orderNumber)).toEqual({
        status: 200,
        body: { orderNumber, status: 'cancelled' },
      });
    } finally {
      await system.startInstance('payment-api');
    }
    // Payment comes back, answers the StockConfirmed waiting in its queue; ordering ignores it.
    await waitUntilSettled(system);
    const orderNumber = await shop.theOrderOf(buyer);
    const order = await shop.waitForStatus(buyer, orderNumber, 'cancelled');
    expect(order.description).toBe('cancelled by the buyer');
    expect(await shop.stockOf(product.id)).toBe(6);
  }, 150_000); // payment-api restarts
});
