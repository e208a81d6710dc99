import { fromCents } from '@eshop/contracts';
import type { Order } from '../domain/order';
import type { OrderLine } from '../domain/order-lines';
import type { OrderStatus } from '../domain/order-status';

/** A line of `GET /api/orders` (eShop's OrderSummary). */
export interface OrderSummaryResponse {
  readonly orderNumber: number;
  readonly date: string;
  readonly status: OrderStatus;
  readonly total: number;
}

export interface OrderItemResponse {
  readonly productId: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly units: number;
  readonly pictureUrl: string;
}

/** `GET /api/orders/:id`: the order with its lines, total and status history. */
export interface OrderResponse extends OrderSummaryResponse {
  readonly description: string | null;
  readonly buyerName: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly zipCode: string;
  readonly items: OrderItemResponse[];
  /** What payment gave back for this order (after a cancellation), 0 when nothing. */
  readonly refundedAmount: number;
  readonly statusHistory: Array<{ status: OrderStatus; date: string; reason?: string }>;
}

const item = (line: OrderLine): OrderItemResponse => ({
  productId: line.productId,
  productName: line.productName,
  unitPrice: fromCents(line.unitPriceCents),
  units: line.units,
  pictureUrl: line.pictureUrl,
});

export function toOrderSummary(order: Order): OrderSummaryResponse {
  const { id, orderDate, status } = order.snapshot();
  return { orderNumber: id ?? 0, date: orderDate.toISOString(), status, total: fromCents(order.totalCents) };
}

export function toOrderResponse(order: Order): OrderResponse {
  const { description, buyerName, address, lines, history } = order.snapshot();
  return {
    ...toOrderSummary(order),
    description: description ?? null,
    buyerName,
    ...address,
    items: lines.map(item),
    refundedAmount: fromCents(order.refundedCents),
    statusHistory: history.map((change) => ({
      status: change.status,
      date: change.at.toISOString(),
      ...(change.reason === undefined ? {} : { reason: change.reason }),
    })),
  };
}
