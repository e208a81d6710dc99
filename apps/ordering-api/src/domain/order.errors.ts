import { DomainError } from '@eshop/domain-errors';
import type { OrderStatus } from './order-status';

/** No such order, or not the caller's: the two are indistinguishable on purpose. */
export class OrderNotFoundError extends DomainError {
  override readonly name = 'OrderNotFoundError';
  readonly code = 'ORDER_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly orderId: number) {
    super(`order ${orderId} not found`);
  }
}

/** The state machine forbids the move (e.g. cancelling a paid order). */
export class OrderStatusTransitionError extends DomainError {
  override readonly name = 'OrderStatusTransitionError';
  readonly code = 'ORDER_STATUS_TRANSITION_NOT_ALLOWED';
  readonly kind = 'conflict';
  constructor(
    readonly orderId: number | undefined,
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`order ${orderId ?? '(new)'} is ${from}: it cannot become ${to}${hint(from, to)}`);
  }
}

function hint(from: OrderStatus, to: OrderStatus): string {
  if (to === 'cancelled' && (from === 'paid' || from === 'shipped')) {
    return ' (an order can be cancelled only before it is paid)';
  }
  if (to === 'shipped') return ' (only a paid order can be shipped)';
  return '';
}

/** An order that breaks an invariant (no lines, a line with no units…); names the field. */
export class InvalidOrderError extends DomainError {
  override readonly name = 'InvalidOrderError';
  readonly code = 'ORDER_INVALID';
  readonly kind = 'invalid';
}
