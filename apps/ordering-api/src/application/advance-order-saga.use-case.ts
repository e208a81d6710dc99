import { Inject, Injectable } from '@nestjs/common';
import {
  GRACE_PERIOD_CONFIRMED,
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STOCK_CONFIRMED,
  ORDER_STOCK_REJECTED,
  type IntegrationEventMap,
  type OrderStockRejectedIntegrationEvent,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import type { Order } from '../domain/order';
import { OrderNotFoundError, OrderStatusTransitionError } from '../domain/order.errors';
import { awaitingValidation, cancelled, paid, stockConfirmed } from './order-status-changed.integration-event-factory';
import { UNIT_OF_WORK, type UnitOfWorkPort } from './unit-of-work.port';

/** The events ordering reacts to in the checkout saga (after the checkout itself). */
export type SagaEventName =
  | typeof GRACE_PERIOD_CONFIRMED
  | typeof ORDER_STOCK_CONFIRMED
  | typeof ORDER_STOCK_REJECTED
  | typeof ORDER_PAYMENT_SUCCEEDED
  | typeof ORDER_PAYMENT_FAILED;

export type SagaStepOutcome =
  | { readonly kind: 'applied' }
  /** This event was handled before: nothing to do. */
  | { readonly kind: 'duplicate' }
  /** The order has moved on (e.g. the buyer cancelled before the payment result came). */
  | { readonly kind: 'ignored'; readonly reason: string };

interface SagaStep<N extends SagaEventName> {
  /** The handled-event record's consumer name. */
  readonly consumer: string;
  /** Moves the order one step; throws OrderStatusTransitionError where it may not move. */
  readonly move: (order: Order, event: IntegrationEventMap[N]) => void;
  /** The event that tells the next participant, built from the order after the move. */
  readonly next: (order: Order, traceparent?: string) => OutboxMessage;
}

/** Ordering's part of the choreography, one step per event (docs/patterns/saga-choreography.md). */
const SAGA_STEPS: { readonly [N in SagaEventName]: SagaStep<N> } = {
  // submitted → awaitingvalidation; catalog checks the stock.
  [GRACE_PERIOD_CONFIRMED]: {
    consumer: 'ordering-api:grace-period-confirmed',
    move: (order) => order.confirmGracePeriod(),
    next: awaitingValidation,
  },
  // awaitingvalidation → stockconfirmed; payment takes the money.
  [ORDER_STOCK_CONFIRMED]: {
    consumer: 'ordering-api:stock-confirmed',
    move: (order) => order.confirmStock(),
    next: stockConfirmed,
  },
  // Compensation: → cancelled, naming the products out of stock.
  [ORDER_STOCK_REJECTED]: {
    consumer: 'ordering-api:stock-rejected',
    move: (order, event) => order.cancel(stockRejection(event)),
    next: cancelled,
  },
  // stockconfirmed → paid; catalog removes the units from stock.
  [ORDER_PAYMENT_SUCCEEDED]: {
    consumer: 'ordering-api:payment-succeeded',
    move: (order) => order.markPaid(),
    next: paid,
  },
  // Compensation: → cancelled.
  [ORDER_PAYMENT_FAILED]: {
    consumer: 'ordering-api:payment-failed',
    move: (order) => order.cancel('payment failed'),
    next: cancelled,
  },
};

function stockRejection(event: OrderStockRejectedIntegrationEvent): string {
  const missing = event.orderStockItems.filter((item) => !item.hasStock).map((item) => item.productId);
  return `stock rejected: not enough stock for product${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`;
}

/**
 * A saga event moves its order one step and writes the next event to the outbox, in one
 * transaction with the handled-event record. A move the state machine forbids is a late or
 * superseded event: recorded as handled and acked, never retried (retrying could not make
 * it legal).
 */
@Injectable()
export class AdvanceOrderSagaUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWorkPort) {}

  async execute<N extends SagaEventName>(
    name: N,
    event: IntegrationEventMap[N],
    traceparent?: string,
  ): Promise<SagaStepOutcome> {
    const step = SAGA_STEPS[name] as SagaStep<N>;
    const handled = { consumer: step.consumer, eventId: event.id, eventName: name };
    const outcome = await this.unitOfWork.runOnce(handled, async (tx) => {
      const order = await tx.orders.findForUpdate(event.orderId);
      // Retried, then parked: an event about an order this service never had needs a human.
      if (!order) throw new OrderNotFoundError(event.orderId);
      try {
        step.move(order, event);
      } catch (error) {
        if (error instanceof OrderStatusTransitionError) return { kind: 'ignored', reason: error.message } as const;
        throw error;
      }
      await tx.orders.saveStatus(order);
      await tx.saveEvents([step.next(order, traceparent)]);
      return { kind: 'applied' } as const;
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
