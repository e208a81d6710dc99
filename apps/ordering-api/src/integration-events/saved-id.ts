import type { Order } from '../domain/order';

/** An event can only be about an order that has its number. */
export function savedId(order: Order): number {
  if (order.id === undefined) throw new Error('an integration event needs a saved order');
  return order.id;
}
