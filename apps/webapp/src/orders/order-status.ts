/** Order statuses as ordering-api names them, in the order the saga reaches them. */
export const ORDER_STATUSES = ['submitted', 'awaitingvalidation', 'stockconfirmed', 'paid', 'shipped', 'cancelled'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/**
 * The saga only moves an order forward (cancelled is final), so of two statuses seen for one
 * order the later one is the truth. This is what lets the page take a live event and a list
 * fetched at about the same time in any order without ever showing a status go back.
 */
export function laterStatus(current: OrderStatus, incoming: OrderStatus): OrderStatus {
  return ORDER_STATUSES.indexOf(incoming) >= ORDER_STATUSES.indexOf(current) ? incoming : current;
}
