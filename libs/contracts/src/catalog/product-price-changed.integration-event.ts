import { z } from 'zod';
import { entityId, integrationEventBase, money } from '../integration-event';

export const PRODUCT_PRICE_CHANGED = 'ProductPriceChangedIntegrationEvent';

/** Catalog changed a product's price. `version` is the item's row version after the change. */
export const productPriceChangedSchema = integrationEventBase.extend({
  productId: entityId,
  newPrice: money,
  oldPrice: money,
  version: z.number().int().nonnegative(),
});

export type ProductPriceChangedIntegrationEvent = z.infer<typeof productPriceChangedSchema>;
