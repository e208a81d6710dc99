import { nameBasedUuid } from './name-based-uuid';

export type PaymentOutcome = 'succeeded' | 'failed';

/** The simulation's one setting (PAYMENT_SUCCEEDS). */
export interface PaymentPolicy {
  readonly succeeds: boolean;
}

/** Fixed namespace of payment results (a random v4 uuid, chosen once). */
const PAYMENT_RESULT_NAMESPACE = '3f1c9a52-7a0e-4f4b-9d55-2b8c6e1d0a97';

/**
 * SIMPLIFICATION: no payment provider. The outcome depends only on the policy, so the
 * same order always gets the same answer (ADR 0008).
 */
export function decidePayment(policy: PaymentPolicy): PaymentOutcome {
  return policy.succeeds ? 'succeeded' : 'failed';
}

/**
 * The event id of an order's payment result: a function of the order and the outcome only,
 * the same on every instance, so even a result written twice would be one event to ordering.
 */
export function paymentResultId(orderId: number, outcome: PaymentOutcome): string {
  return nameBasedUuid(PAYMENT_RESULT_NAMESPACE, `order:${orderId}:payment-${outcome}`);
}

/** The event id of an order's refund: one refund per order, whoever computes it. */
export function refundId(orderId: number): string {
  return nameBasedUuid(PAYMENT_RESULT_NAMESPACE, `order:${orderId}:refund`);
}
