import {
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  toCents,
  type OrderStatusChangedToStockConfirmedIntegrationEvent,
} from '@eshop/contracts';
import { chargeOnStockConfirmed } from '../domain/payment-ledger';
import type { PaymentOutcome, PaymentPolicy } from '../domain/payment';
import { paymentResult } from './order-payment.integration-event-factory';
import type { PaymentUnitOfWorkPort } from './payment-unit-of-work.port';

export type ChargeOutcome =
  | { readonly kind: PaymentOutcome }
  /** The order was cancelled first, or decided by an earlier event: nothing charged, nothing published. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** This event was handled before. */
  | { readonly kind: 'duplicate' };

const CONSUMER = 'payment-api:stock-confirmed';

/**
 * Stock confirmed → take the order's total → OrderPaymentSucceeded or OrderPaymentFailed.
 * The ledger row and the result event (outbox) commit in ONE transaction with the
 * handled-event record: a redelivery charges nothing and publishes nothing, a crash before
 * the commit leaves no charge behind, and the event goes out only if the charge is recorded.
 */
export class ProcessPaymentUseCase {
  constructor(
    private readonly unitOfWork: PaymentUnitOfWorkPort,
    private readonly policy: PaymentPolicy,
  ) {}

  async execute(event: OrderStatusChangedToStockConfirmedIntegrationEvent, traceparent?: string): Promise<ChargeOutcome> {
    const handled = { consumer: CONSUMER, eventId: event.id, eventName: ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED };
    const outcome = await this.unitOfWork.runOnce(handled, async (tx): Promise<ChargeOutcome> => {
      const existing = await tx.ledger.findForUpdate(event.orderId);
      const decision = chargeOnStockConfirmed(existing, event.orderId, toCents(event.total), this.policy);
      if (decision.kind === 'none') return { kind: 'skipped', reason: decision.reason };
      await tx.ledger.save(decision.payment);
      await tx.saveEvents([paymentResult(event.orderId, decision.outcome, traceparent)]);
      return { kind: decision.outcome };
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
