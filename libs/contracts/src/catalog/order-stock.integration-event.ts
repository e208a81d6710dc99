import { z } from 'zod';
import { entityId, integrationEventBase } from '../integration-event';

export const ORDER_STOCK_CONFIRMED = 'OrderStockConfirmedIntegrationEvent';
export const ORDER_STOCK_REJECTED = 'OrderStockRejectedIntegrationEvent';

/** Catalog has stock for every line of the order. */
export const orderStockConfirmedSchema = integrationEventBase.extend({
  orderId: entityId,
});

/** Catalog lacks stock for at least one line; `hasStock` says which. */
export const orderStockRejectedSchema = integrationEventBase.extend({
  orderId: entityId,
  orderStockItems: z
    .array(z.object({ productId: entityId, hasStock: z.boolean() }))
    .min(1),
});

export type OrderStockConfirmedIntegrationEvent = z.infer<typeof orderStockConfirmedSchema>;
export type OrderStockRejectedIntegrationEvent = z.infer<typeof orderStockRejectedSchema>;
