import {
  fromCents,
  newEventIdentity,
  PRODUCT_PRICE_CHANGED,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import type { PriceChange } from '../domain/catalog-item';

/**
 * The integration event catalog publishes for a price change (through the outbox). Cents
 * become wire prices here, at the boundary, exactly (`fromCents` of whole cents).
 */
export function productPriceChanged(
  change: PriceChange,
  traceparent?: string,
): OutboxMessage<ProductPriceChangedIntegrationEvent> {
  return {
    name: PRODUCT_PRICE_CHANGED,
    event: {
      ...newEventIdentity(),
      productId: change.productId,
      newPrice: fromCents(change.newPriceCents),
      oldPrice: fromCents(change.oldPriceCents),
      version: change.version,
    },
    traceparent,
  };
}
