import { z } from 'zod';
import { entityId, integrationEventBase, money } from '../integration-event';
import { orderStatus } from './order-status';

export const ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION =
  'OrderStatusChangedToAwaitingValidationIntegrationEvent';
export const ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED =
  'OrderStatusChangedToStockConfirmedIntegrationEvent';
export const ORDER_STATUS_CHANGED_TO_PAID = 'OrderStatusChangedToPaidIntegrationEvent';
export const ORDER_STATUS_CHANGED_TO_SHIPPED = 'OrderStatusChangedToShippedIntegrationEvent';
export const ORDER_STATUS_CHANGED_TO_CANCELLED = 'OrderStatusChangedToCancelledIntegrationEvent';

const orderStockItem = z.object({ productId: entityId, units: z.number().int().positive() });

/** The buyer's id travels on every status change, so a gateway can push it to that buyer only. */
const buyerId = z.string().min(1).max(100);

const statusChange = integrationEventBase.extend({
  orderId: entityId,
  orderStatus,
  buyerName: z.string().min(1).max(200),
  buyerId,
});

export const orderStatusChangedToAwaitingValidationSchema = statusChange.extend({
  orderStockItems: z.array(orderStockItem).min(1),
});
/** `total` (the order's total) tells payment what to charge, and later what to refund. */
export const orderStatusChangedToStockConfirmedSchema = statusChange.extend({ total: money });
export const orderStatusChangedToPaidSchema = integrationEventBase.extend({
  orderId: entityId,
  orderStockItems: z.array(orderStockItem).min(1),
  buyerId,
});
export const orderStatusChangedToShippedSchema = statusChange;
/** `reason` says why the saga compensated (stock rejected, payment failed, buyer cancelled). */
export const orderStatusChangedToCancelledSchema = statusChange.extend({
  reason: z.string().max(500).optional(),
});

export type OrderStockItem = z.infer<typeof orderStockItem>;
export type OrderStatusChangedToAwaitingValidationIntegrationEvent = z.infer<
  typeof orderStatusChangedToAwaitingValidationSchema
>;
export type OrderStatusChangedToStockConfirmedIntegrationEvent = z.infer<
  typeof orderStatusChangedToStockConfirmedSchema
>;
export type OrderStatusChangedToPaidIntegrationEvent = z.infer<
  typeof orderStatusChangedToPaidSchema
>;
export type OrderStatusChangedToShippedIntegrationEvent = z.infer<
  typeof orderStatusChangedToShippedSchema
>;
export type OrderStatusChangedToCancelledIntegrationEvent = z.infer<
  typeof orderStatusChangedToCancelledSchema
>;
