import {
  ORDER_STOCK_CONFIRMED,
  ORDER_STOCK_REJECTED,
  newEventIdentity,
  type OrderStockConfirmedIntegrationEvent,
  type OrderStockRejectedIntegrationEvent,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import type { StockVerdict } from '../domain/order-stock';

/** Catalog's answer to a stock validation, written to its outbox. */
export function orderStockVerdict(
  orderId: number,
  verdicts: readonly StockVerdict[],
  traceparent?: string,
): OutboxMessage<OrderStockConfirmedIntegrationEvent> | OutboxMessage<OrderStockRejectedIntegrationEvent> {
  if (verdicts.every((verdict) => verdict.hasStock)) {
    return { name: ORDER_STOCK_CONFIRMED, event: { ...newEventIdentity(), orderId }, traceparent };
  }
  return {
    name: ORDER_STOCK_REJECTED,
    event: { ...newEventIdentity(), orderId, orderStockItems: [...verdicts] },
    traceparent,
  };
}
