import {
  InvalidIntegrationEventError,
  ORDER_STOCK_REJECTED,
  PRODUCT_PRICE_CHANGED,
  USER_CHECKOUT_ACCEPTED,
  integrationEventSchemas,
  integrationEvents,
  newEventIdentity,
  toCents,
} from './index';

const priceChange = (overrides: Record<string, unknown> = {}) => ({
  ...newEventIdentity(),
  productId: 7,
  newPrice: 19.99,
  oldPrice: 21.5,
  version: 3,
  ...overrides,
});

describe('integration event contracts', () => {
  it('lists every event of the contract table under its eShop wire name', () => {
    expect(Object.keys(integrationEventSchemas).sort()).toEqual(
      [
        'GracePeriodConfirmedIntegrationEvent',
        'OrderPaymentFailedIntegrationEvent',
        'OrderPaymentRefundedIntegrationEvent',
        'OrderPaymentSucceededIntegrationEvent',
        'OrderStartedIntegrationEvent',
        'OrderStatusChangedToAwaitingValidationIntegrationEvent',
        'OrderStatusChangedToCancelledIntegrationEvent',
        'OrderStatusChangedToPaidIntegrationEvent',
        'OrderStatusChangedToShippedIntegrationEvent',
        'OrderStatusChangedToStockConfirmedIntegrationEvent',
        'OrderStockConfirmedIntegrationEvent',
        'OrderStockRejectedIntegrationEvent',
        'ProductPriceChangedIntegrationEvent',
        'UserCheckoutAcceptedIntegrationEvent',
      ].sort(),
    );
  });

  it('requires a uuid id and an ISO creationDate on every event', () => {
    for (const name of integrationEvents.names) {
      expect(() => integrationEvents.parse(name, {})).toThrow(/id: .*creationDate: /);
    }
    expect(() => integrationEvents.parse(PRODUCT_PRICE_CHANGED, priceChange({ id: 'nope' }))).toThrow(/id:/);
    expect(() =>
      integrationEvents.parse(PRODUCT_PRICE_CHANGED, priceChange({ creationDate: 'yesterday' })),
    ).toThrow(/creationDate:/);
  });

  it('accepts a valid price change and keeps it unchanged', () => {
    const event = priceChange();
    expect(integrationEvents.parse(PRODUCT_PRICE_CHANGED, event)).toEqual(event);
  });

  it.each([
    [{ newPrice: 1.001 }, 'newPrice: must have at most two decimals'],
    [{ oldPrice: -1 }, 'oldPrice:'],
    [{ productId: 0 }, 'productId:'],
    [{ version: 1.5 }, 'version:'],
    [{ productId: '7' }, 'productId:'],
  ])('rejects %j naming the field', (override, message) => {
    expect(() => integrationEvents.parse(PRODUCT_PRICE_CHANGED, priceChange(override))).toThrow(
      message,
    );
  });

  it('refuses an unknown event name with a typed error', () => {
    const parse = () => integrationEvents.parse('NoSuchEvent' as typeof PRODUCT_PRICE_CHANGED, {});
    expect(parse).toThrow(InvalidIntegrationEventError);
    expect(parse).toThrow('unknown event name');
  });

  it('validates nested payloads (stock items, checkout basket)', () => {
    expect(() =>
      integrationEvents.parse(ORDER_STOCK_REJECTED, {
        ...newEventIdentity(),
        orderId: 1,
        orderStockItems: [{ productId: 1, hasStock: 'no' }],
      }),
    ).toThrow('orderStockItems.0.hasStock');
    expect(() =>
      integrationEvents.parse(USER_CHECKOUT_ACCEPTED, { ...newEventIdentity(), basket: { items: [] } }),
    ).toThrow('basket.items: ');
  });

  it('converts wire prices to integer cents exactly', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(1234567.89)).toBe(123456789);
  });
});
