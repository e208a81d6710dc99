import { Inject, Injectable } from '@nestjs/common';
import { ORDER_PAYMENT_REFUNDED, toCents, type OrderPaymentRefundedIntegrationEvent } from '@eshop/contracts';
import { OrderNotFoundError } from '../domain/order.errors';
import type { SagaStepOutcome } from './advance-order-saga.use-case';
import { UNIT_OF_WORK, type UnitOfWorkPort } from './unit-of-work.port';

/** The handled-event record's consumer name. */
const CONSUMER = 'ordering-api:payment-refunded';

/**
 * Payment gave the money of a cancelled order back: the refund is added to the order, in one
 * transaction with the handled-event record, so a redelivered copy adds nothing. No status
 * moves and nothing is published: the refund ends the saga (docs/patterns/saga-choreography.md).
 */
@Injectable()
export class RecordRefundUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWorkPort) {}

  async execute(event: OrderPaymentRefundedIntegrationEvent): Promise<SagaStepOutcome> {
    const handled = { consumer: CONSUMER, eventId: event.id, eventName: ORDER_PAYMENT_REFUNDED };
    const outcome = await this.unitOfWork.runOnce(handled, async (tx) => {
      const order = await tx.orders.findForUpdate(event.orderId);
      // Retried, then parked: a refund for an order this service never had needs a human.
      if (!order) throw new OrderNotFoundError(event.orderId);
      order.recordRefund(toCents(event.amount));
      await tx.orders.saveRefund(order);
      return { kind: 'applied' } as const;
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
