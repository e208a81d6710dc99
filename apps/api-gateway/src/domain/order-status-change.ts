import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STATUS_CHANGED_TO_SHIPPED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  type OrderStatus,
} from '@eshop/contracts';

/** One change of an order's status, as a buyer's browser is told of it (one SSE message). */
export interface OrderStatusChange {
  /** The integration event's id: the SSE `id`, and what `Last-Event-ID` resumes from. */
  readonly eventId: string;
  readonly orderId: number;
  readonly status: OrderStatus;
  readonly buyerId: string;
  /** When ordering decided the change (the event's `creationDate`). */
  readonly occurredAt: string;
}

/**
 * The status each event announces, by wire name. Taken from the name, not from the body:
 * `OrderStatusChangedToPaid` carries no `orderStatus` field.
 */
export const STATUS_BY_EVENT = {
  [ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION]: 'awaitingvalidation',
  [ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED]: 'stockconfirmed',
  [ORDER_STATUS_CHANGED_TO_PAID]: 'paid',
  [ORDER_STATUS_CHANGED_TO_SHIPPED]: 'shipped',
  [ORDER_STATUS_CHANGED_TO_CANCELLED]: 'cancelled',
} as const satisfies Record<string, OrderStatus>;

export type OrderStatusEventName = keyof typeof STATUS_BY_EVENT;

export const ORDER_STATUS_EVENT_NAMES = Object.keys(STATUS_BY_EVENT) as OrderStatusEventName[];

export function isOrderStatusEventName(name: string): name is OrderStatusEventName {
  return Object.hasOwn(STATUS_BY_EVENT, name);
}
