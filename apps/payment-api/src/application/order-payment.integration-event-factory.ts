import {
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_SUCCEEDED,
  type OrderPaymentFailedIntegrationEvent,
  type OrderPaymentSucceededIntegrationEvent,
} from '@eshop/contracts';
import { paymentResultId, type PaymentOutcome } from '../domain/payment';

export type PaymentResultEvent =
  | { readonly name: typeof ORDER_PAYMENT_SUCCEEDED; readonly event: OrderPaymentSucceededIntegrationEvent }
  | { readonly name: typeof ORDER_PAYMENT_FAILED; readonly event: OrderPaymentFailedIntegrationEvent };

/** The event payment publishes for an order; its id is deterministic (see paymentResultId). */
export function paymentResult(orderId: number, outcome: PaymentOutcome, now: Date = new Date()): PaymentResultEvent {
  const event = { id: paymentResultId(orderId, outcome), creationDate: now.toISOString(), orderId };
  return outcome === 'succeeded' ? { name: ORDER_PAYMENT_SUCCEEDED, event } : { name: ORDER_PAYMENT_FAILED, event };
}
