import {
  ORDER_PAYMENT_SUCCEEDED,
  type IntegrationEventMap,
  type OrderStatusChangedToStockConfirmedIntegrationEvent,
} from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { decidePayment, type PaymentOutcome, type PaymentPolicy } from '../domain/payment';
import { paymentResult } from './order-payment.integration-event-factory';

/**
 * Stock confirmed → take the payment → OrderPaymentSucceeded or OrderPaymentFailed.
 *
 * Idempotent without a store: the same order always yields the same event (same id, same
 * outcome), so a redelivery publishes a copy that ordering's handled-event record absorbs,
 * and a result for an order already paid or cancelled is ignored by ordering's state
 * machine. Publishing with the broker's confirm before the ack gives at-least-once; no
 * outbox is needed because there is no local write for the event to be atomic with.
 */
export class ProcessPaymentUseCase {
  constructor(
    private readonly bus: EventBus<IntegrationEventMap>,
    private readonly policy: PaymentPolicy,
  ) {}

  async execute(event: OrderStatusChangedToStockConfirmedIntegrationEvent, traceparent?: string): Promise<PaymentOutcome> {
    const outcome = decidePayment(this.policy);
    const result = paymentResult(event.orderId, outcome);
    const options = traceparent ? { traceparent } : {};
    if (result.name === ORDER_PAYMENT_SUCCEEDED) await this.bus.publish(result.name, result.event, options);
    else await this.bus.publish(result.name, result.event, options);
    return outcome;
  }
}
