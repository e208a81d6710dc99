import {
  newEventIdentity,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';

let nextProductId = 1;

/** A valid ProductPriceChanged event, a new product id each call unless overridden. */
export function priceChangedEvent(
  overrides: Partial<ProductPriceChangedIntegrationEvent> = {},
): ProductPriceChangedIntegrationEvent {
  return {
    ...newEventIdentity(),
    productId: nextProductId++,
    newPrice: 12.5,
    oldPrice: 10,
    version: 2,
    ...overrides,
  };
}
