import { decidePayment, type PaymentOutcome, type PaymentPolicy } from './payment';

/**
 * What payment did for an order, one ledger row per order:
 *
 *   (none) ─StockConfirmed─▶ charged ─Cancelled─▶ refunded
 *      │                 └─▶ declined
 *      └──Cancelled──▶ cancelled-before-charge   (a later StockConfirmed charges nothing)
 *
 * Every state but `charged` is final.
 */
export type PaymentState = 'charged' | 'declined' | 'refunded' | 'cancelled-before-charge';

export interface Payment {
  readonly orderId: number;
  /** What was charged (and, once refunded, given back), in integer cents; 0 if nothing was. */
  readonly amountCents: number;
  readonly state: PaymentState;
}

export type ChargeDecision =
  | { readonly kind: 'charge'; readonly payment: Payment; readonly outcome: PaymentOutcome }
  | { readonly kind: 'none'; readonly reason: string };

export type CancelDecision =
  | { readonly kind: 'refund'; readonly payment: Payment }
  /** Nothing was charged yet: the order is remembered as cancelled, so it never is. */
  | { readonly kind: 'remember'; readonly payment: Payment }
  | { readonly kind: 'none'; readonly reason: string };

/** Stock confirmed for `orderId`: charge `amountCents`, unless the order was already decided or cancelled. */
export function chargeOnStockConfirmed(
  existing: Payment | null,
  orderId: number,
  amountCents: number,
  policy: PaymentPolicy,
): ChargeDecision {
  if (existing) return { kind: 'none', reason: `order ${orderId} is already ${existing.state}` };
  const outcome = decidePayment(policy);
  const state = outcome === 'succeeded' ? 'charged' : 'declined';
  return { kind: 'charge', outcome, payment: { orderId, amountCents: outcome === 'succeeded' ? amountCents : 0, state } };
}

/** The order was cancelled: give back what was charged, or make sure nothing ever is. */
export function refundOnCancelled(existing: Payment | null, orderId: number): CancelDecision {
  if (!existing) return { kind: 'remember', payment: { orderId, amountCents: 0, state: 'cancelled-before-charge' } };
  if (existing.state === 'charged') return { kind: 'refund', payment: { ...existing, state: 'refunded' } };
  return { kind: 'none', reason: `order ${orderId} is ${existing.state}: nothing to refund` };
}
