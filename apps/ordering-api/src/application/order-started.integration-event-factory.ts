import {
  GRACE_PERIOD_CONFIRMED,
  ORDER_STARTED,
  newEventIdentity,
  type GracePeriodConfirmedIntegrationEvent,
  type OrderStartedIntegrationEvent,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import type { Order } from '../domain/order';

/** The checkout became an order: basket deletes what was checked out. */
export function orderStarted(order: Order, traceparent?: string): OutboxMessage<OrderStartedIntegrationEvent> {
  return {
    name: ORDER_STARTED,
    event: { ...newEventIdentity(), userId: order.buyerId, orderId: order.savedId() },
    traceparent,
  };
}

/** Written by the grace-period worker, consumed by ordering itself; `traceparent`: the order's checkout. */
export function gracePeriodConfirmed(orderId: number, traceparent?: string): OutboxMessage<GracePeriodConfirmedIntegrationEvent> {
  return { name: GRACE_PERIOD_CONFIRMED, event: { ...newEventIdentity(), orderId }, traceparent };
}
