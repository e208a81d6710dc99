import { ORDER_STATUS_CHANGED_TO_CANCELLED, type OrderStatusChangedToCancelledIntegrationEvent } from '@eshop/contracts';
import { refundOnCancelled } from '../domain/payment-ledger';
import { paymentRefunded } from './order-payment.integration-event-factory';
import type { PaymentUnitOfWorkPort } from './payment-unit-of-work.port';

export type CancelOutcome =
  | { readonly kind: 'refunded'; readonly amountCents: number }
  /** Cancelled before any charge: recorded, so a later StockConfirmed charges nothing. */
  | { readonly kind: 'remembered' }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'duplicate' };

const CONSUMER = 'payment-api:order-cancelled';

/**
 * An order was cancelled (by the buyer, or the saga's compensation): if payment charged it,
 * the row becomes `refunded` and OrderPaymentRefunded {orderId, amount} goes to the outbox,
 * in ONE transaction with the handled-event record, so a duplicate refunds nothing.
 */
export class RefundPaymentUseCase {
  constructor(private readonly unitOfWork: PaymentUnitOfWorkPort) {}

  async execute(event: OrderStatusChangedToCancelledIntegrationEvent, traceparent?: string): Promise<CancelOutcome> {
    const handled = { consumer: CONSUMER, eventId: event.id, eventName: ORDER_STATUS_CHANGED_TO_CANCELLED };
    const outcome = await this.unitOfWork.runOnce(handled, async (tx): Promise<CancelOutcome> => {
      const decision = refundOnCancelled(await tx.ledger.findForUpdate(event.orderId), event.orderId);
      if (decision.kind === 'none') return { kind: 'skipped', reason: decision.reason };
      await tx.ledger.save(decision.payment);
      if (decision.kind === 'remember') return { kind: 'remembered' };
      await tx.saveEvents([paymentRefunded(decision.payment, traceparent)]);
      return { kind: 'refunded', amountCents: decision.payment.amountCents };
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
