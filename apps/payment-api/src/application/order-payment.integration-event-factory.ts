import {
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_REFUNDED,
  ORDER_PAYMENT_SUCCEEDED,
  fromCents,
  type OrderPaymentFailedIntegrationEvent,
  type OrderPaymentRefundedIntegrationEvent,
  type OrderPaymentSucceededIntegrationEvent,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import { paymentResultId, refundId, type PaymentOutcome } from '../domain/payment';
import type { Payment } from '../domain/payment-ledger';

/** The event payment publishes for an order's charge; its id is deterministic (see paymentResultId). */
export function paymentResult(
  orderId: number,
  outcome: PaymentOutcome,
  traceparent?: string,
  now: Date = new Date(),
): OutboxMessage<OrderPaymentSucceededIntegrationEvent | OrderPaymentFailedIntegrationEvent> {
  const event = { id: paymentResultId(orderId, outcome), creationDate: now.toISOString(), orderId };
  return outcome === 'succeeded'
    ? { name: ORDER_PAYMENT_SUCCEEDED, event, traceparent }
    : { name: ORDER_PAYMENT_FAILED, event, traceparent };
}

/** The money of a cancelled order given back: what the ledger says was charged. */
export function paymentRefunded(
  payment: Payment,
  traceparent?: string,
  now: Date = new Date(),
): OutboxMessage<OrderPaymentRefundedIntegrationEvent> {
  const event = {
    id: refundId(payment.orderId),
    creationDate: now.toISOString(),
    orderId: payment.orderId,
    amount: fromCents(payment.amountCents),
  };
  return { name: ORDER_PAYMENT_REFUNDED, event, traceparent };
}
