import type { OrderStatus } from '@eshop/contracts';

export type { OrderStatus };

/**
 * The order's state machine, the whole of it:
 *
 *   submitted ─▶ awaitingvalidation ─▶ stockconfirmed ─▶ paid ─▶ shipped
 *       └──────────────┴────────────────────┴─▶ cancelled
 *
 * Cancelling is a compensation of the saga (stock rejected, payment failed) or the buyer's
 * choice, and is possible only before payment: after `paid` the money is taken and stock
 * is leaving the warehouse. `shipped` and `cancelled` are final.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  submitted: ['awaitingvalidation', 'cancelled'],
  awaitingvalidation: ['stockconfirmed', 'cancelled'],
  stockconfirmed: ['paid', 'cancelled'],
  paid: ['shipped'],
  shipped: [],
  cancelled: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}
