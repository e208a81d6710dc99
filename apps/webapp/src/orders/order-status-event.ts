import { isOrderStatus, type OrderStatus } from './order-status';

/** One message of `GET /api/orders/events` (the gateway's SSE stream of the buyer's orders). */
export interface OrderStatusEvent {
  readonly orderId: number;
  readonly status: OrderStatus;
}

/** The `data:` of a message, or null when it is not a status change this page understands. */
export function parseOrderStatusEvent(data: unknown): OrderStatusEvent | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { orderId, status } = parsed as Record<string, unknown>;
  if (typeof orderId !== 'number' || !Number.isSafeInteger(orderId) || orderId <= 0) return null;
  if (!isOrderStatus(status)) return null;
  return { orderId, status };
}
