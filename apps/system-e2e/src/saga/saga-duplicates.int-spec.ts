import { randomUUID } from 'node:crypto';
import {
  USER_CHECKOUT_ACCEPTED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { testEnv, uniqueName } from '@eshop/testing';
import { EventDuplicator } from './support/event-duplicator';
import { SagaSystem, buildApps } from './support/saga-system';
import { waitUntilSettled } from './support/settle';
import { ShopClient } from './support/shop-client';

// At-least-once delivery, made visible: every saga event arrives twice, and a checkout
// request id arrives in two different events. Final states and stock must not change.
describe('checkout saga under duplicates (four services as processes)', () => {
  let system: SagaSystem;
  let shop: ShopClient;

  beforeAll(async () => {
    buildApps();
    system = await SagaSystem.start();
    shop = new ShopClient(system);
  });
  afterAll(() => system?.stop());

  it('every saga event delivered twice → the same final states and stock as once', async () => {
    const duplicator = await EventDuplicator.start(testEnv.rabbitmqUrl, system.exchange);
    try {
      const [product, scarce] = [await shop.createProduct(10, 19.99), await shop.createProduct(1)];
      const [happy, unlucky] = [uniqueName('buyer'), uniqueName('buyer')];
      await shop.checkout(happy, [{ product, quantity: 4 }]);
      await shop.checkout(unlucky, [{ product: scarce, quantity: 2 }]);

      const paid = await shop.waitForStatus(happy, await shop.theOrderOf(happy), 'paid');
      const cancelled = await shop.waitForStatus(unlucky, await shop.theOrderOf(unlucky), 'cancelled');
      await waitUntilSettled(system, () => duplicator.inFlight);

      expect(duplicator.names()).toEqual(
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
      await duplicator.stop();
    }
  });

  it('the same checkout request id twice (two POSTs, then a second event) → one order', async () => {
    const product = await shop.createProduct(10);
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
        city: 'Redmond',
        street: '15703 NE 61st Ct',
        state: 'WA',
        country: 'U.S.',
        zipCode: '98052',
        cardNumber: '4012888888881881',
        cardHolderName: 'Alice Smith',
        cardExpiration: '2030-12-31T00:00:00.000Z',
        cardSecurityNumber: '123',
        cardTypeId: 2,
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
