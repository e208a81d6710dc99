import { randomUUID } from 'node:crypto';
import {
  USER_CHECKOUT_ACCEPTED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { testEnv, uniqueName } from '@eshop/testing';
import type { EventTap } from '../support/event-tap';
import { parkedMessages, waitUntilSettled } from '../support/settle';
import { CHECKOUT_DETAILS, type Shop } from '../support/shop';
import type { TestSystem } from '../support/system';
import { useSystem } from '../support/use-system';

// At-least-once delivery, made visible: every saga event arrives twice, and a checkout
// request id arrives in two different events. Final states and stock must not change.
describe('checkout saga under duplicates (four services as processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  let tap: EventTap;
  useSystem(['catalog-api', 'basket-api', 'ordering-api', 'payment-api'], (started) => ({ system, shop, tap } = started));
  // No saga event may end in a parking queue (settling leaves parked messages where they are).
  afterEach(async () => {
    if (system) expect(await parkedMessages(system)).toBe(0);
  });

  it('every saga event delivered twice → the same final states and stock as once', async () => {
    tap.republish = 'copies';
    try {
      const [product, scarce] = [await shop.createProduct({ stock: 10, price: 19.99 }), await shop.createProduct({ stock: 1 })];
      const [happy, unlucky] = [uniqueName('buyer'), uniqueName('buyer')];
      await shop.checkout(happy, [{ product, quantity: 4 }]);
      await shop.checkout(unlucky, [{ product: scarce, quantity: 2 }]);

      const paid = await shop.waitForStatus(happy, await shop.theOrderOf(happy), 'paid');
      const cancelled = await shop.waitForStatus(unlucky, await shop.theOrderOf(unlucky), 'cancelled');
      await waitUntilSettled(system, tap);

      expect(tap.copiedNames()).toEqual(
        [
          'UserCheckoutAcceptedIntegrationEvent',
          'OrderStartedIntegrationEvent',
          'GracePeriodConfirmedIntegrationEvent',
          'OrderStatusChangedToAwaitingValidationIntegrationEvent',
          'OrderStockConfirmedIntegrationEvent',
          'OrderStockRejectedIntegrationEvent',
          'OrderStatusChangedToStockConfirmedIntegrationEvent',
          'OrderPaymentSucceededIntegrationEvent',
          'OrderStatusChangedToPaidIntegrationEvent',
          'OrderStatusChangedToCancelledIntegrationEvent',
        ].sort(),
      );
      expect(paid.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'stockconfirmed', 'paid']);
      expect(cancelled.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'cancelled']);
      expect([await shop.stockOf(product.id), await shop.stockOf(scarce.id)]).toEqual([6, 1]);
      expect([await shop.orderNumbers(happy), await shop.orderNumbers(unlucky)].map((ids) => ids.length)).toEqual([1, 1]);
    } finally {
      tap.republish = 'none';
    }
  });

  it('the same checkout request id twice (two POSTs, then a second event) → one order', async () => {
    const product = await shop.createProduct({ stock: 10 });
    const buyer = uniqueName('buyer');
    const requestId = randomUUID();
    expect((await shop.checkout(buyer, [{ product, quantity: 2 }], requestId)).status).toBe(202);
    expect((await shop.checkout(buyer, [{ product, quantity: 2 }], requestId)).status).toBe(202);

    // Basket deduplicates the POSTs itself; a second UserCheckoutAccepted with a new event id
    // and the same request id (e.g. a basket that lost its record) reaches ordering directly.
    const publisher = new RabbitMqEventBus<IntegrationEventMap>({
      url: testEnv.rabbitmqUrl,
      registry: integrationEvents,
      exchange: system.exchange,
    });
    await publisher.connect();
    try {
      await publisher.publish(USER_CHECKOUT_ACCEPTED, {
        ...newEventIdentity(),
        userId: buyer,
        userName: `Buyer ${buyer}`,
        requestId,
        ...CHECKOUT_DETAILS,
        buyer: `Buyer ${buyer}`,
        basket: {
          buyerId: buyer,
          items: [{ id: '1', productId: product.id, productName: product.name, unitPrice: product.price, oldUnitPrice: product.price, quantity: 2, pictureUrl: '' }],
        },
      });
    } finally {
      await publisher.close();
    }

    const orderNumber = await shop.theOrderOf(buyer);
    await shop.waitForStatus(buyer, orderNumber, 'paid');
    await waitUntilSettled(system);
    expect(await shop.orderNumbers(buyer)).toEqual([orderNumber]);
    expect(await shop.stockOf(product.id)).toBe(8);
  });
});
