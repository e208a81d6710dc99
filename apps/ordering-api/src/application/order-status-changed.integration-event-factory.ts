import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STATUS_CHANGED_TO_SHIPPED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  fromCents,
  newEventIdentity,
  type OrderStatusChangedToAwaitingValidationIntegrationEvent,
  type OrderStatusChangedToCancelledIntegrationEvent,
  type OrderStatusChangedToPaidIntegrationEvent,
  type OrderStatusChangedToShippedIntegrationEvent,
  type OrderStatusChangedToStockConfirmedIntegrationEvent,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import type { Order } from '../domain/order';

/**
 * The status-change events ordering publishes (through its outbox), one builder per event,
 * each from the order as it is after the move.
 */
const statusChange = (order: Order) => ({
  ...newEventIdentity(),
  orderId: order.savedId(),
  orderStatus: order.status,
  buyerName: order.buyerName,
  buyerId: order.buyerId,
});

/** Catalog checks the stock of these items. */
export function awaitingValidation(
  order: Order,
  traceparent?: string,
): OutboxMessage<OrderStatusChangedToAwaitingValidationIntegrationEvent> {
  return {
    name: ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
    event: { ...statusChange(order), orderStockItems: order.stockItems },
    traceparent,
  };
}

/** Payment takes the money: the order's total, which it refunds if the order is cancelled later. */
export function stockConfirmed(
  order: Order,
  traceparent?: string,
): OutboxMessage<OrderStatusChangedToStockConfirmedIntegrationEvent> {
  const event = { ...statusChange(order), total: fromCents(order.totalCents) };
  return { name: ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, event, traceparent };
}

/** Catalog removes the units from its stock. */
export function paid(order: Order, traceparent?: string): OutboxMessage<OrderStatusChangedToPaidIntegrationEvent> {
  return {
    name: ORDER_STATUS_CHANGED_TO_PAID,
    event: { ...newEventIdentity(), orderId: order.savedId(), orderStockItems: order.stockItems, buyerId: order.buyerId },
    traceparent,
  };
}

export function shipped(order: Order, traceparent?: string): OutboxMessage<OrderStatusChangedToShippedIntegrationEvent> {
  return { name: ORDER_STATUS_CHANGED_TO_SHIPPED, event: statusChange(order), traceparent };
}

/** The saga's compensation (or the buyer's cancel), with why. */
export function cancelled(
  order: Order,
  traceparent?: string,
): OutboxMessage<OrderStatusChangedToCancelledIntegrationEvent> {
  const reason = order.snapshot().description;
  return {
    name: ORDER_STATUS_CHANGED_TO_CANCELLED,
    event: { ...statusChange(order), ...(reason ? { reason: reason.slice(0, 500) } : {}) },
    traceparent,
  };
}
