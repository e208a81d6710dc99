import { Injectable } from '@nestjs/common';
import {
  GRACE_PERIOD_CONFIRMED,
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STOCK_CONFIRMED,
  ORDER_STOCK_REJECTED,
  type OrderStockRejectedIntegrationEvent,
} from '@eshop/contracts';
import { OutboxWriter, type OutboxMessage } from '@eshop/outbox';
import type { Order } from '../domain/order';
import { OrderNotFoundError, OrderStatusTransitionError } from '../domain/order.errors';
import { IntegrationEventInbox } from '@eshop/outbox';
import { OrderRepository } from '../infrastructure/order.repository';
import {
  awaitingValidation,
  cancelled,
  paid,
  stockConfirmed,
} from '../integration-events/order-status-changed.integration-event';

/** A saga event about one order. */
interface OrderEvent {
  readonly id: string;
  readonly orderId: number;
}

export type SagaStepOutcome =
  | { readonly kind: 'applied' }
  /** This event was handled before: nothing to do. */
  | { readonly kind: 'duplicate' }
  /** The order has moved on (e.g. the buyer cancelled before the payment result came). */
  | { readonly kind: 'ignored'; readonly reason: string };

type Move = (order: Order) => OutboxMessage[];

/**
 * Ordering's part of the choreography: each reaction moves the order one step and writes the
 * next event to the outbox, in one transaction with the handled-event record. A reaction the
 * state machine forbids is a late or superseded event: recorded as handled and acked,
 * never retried (retrying could not make it legal).
 */
@Injectable()
export class OrderSagaSteps {
  constructor(
    private readonly inbox: IntegrationEventInbox,
    private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** submitted → awaitingvalidation; catalog checks the stock. */
  confirmGracePeriod(event: OrderEvent, traceparent?: string): Promise<SagaStepOutcome> {
    return this.step('ordering-api:grace-period-confirmed', GRACE_PERIOD_CONFIRMED, event, (order) => {
      order.confirmGracePeriod();
      return [awaitingValidation(order, traceparent)];
    });
  }

  /** awaitingvalidation → stockconfirmed; payment takes the money. */
  confirmStock(event: OrderEvent, traceparent?: string): Promise<SagaStepOutcome> {
    return this.step('ordering-api:stock-confirmed', ORDER_STOCK_CONFIRMED, event, (order) => {
      order.confirmStock();
      return [stockConfirmed(order, traceparent)];
    });
  }

  /** Compensation: → cancelled, naming the products out of stock. */
  rejectStock(event: OrderStockRejectedIntegrationEvent, traceparent?: string): Promise<SagaStepOutcome> {
    const missing = event.orderStockItems.filter((item) => !item.hasStock).map((item) => item.productId);
    const reason = `stock rejected: not enough stock for product${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`;
    return this.step('ordering-api:stock-rejected', ORDER_STOCK_REJECTED, event, (order) => {
      order.cancel(reason);
      return [cancelled(order, traceparent)];
    });
  }

  /** stockconfirmed → paid; catalog removes the units from stock. */
  markPaid(event: OrderEvent, traceparent?: string): Promise<SagaStepOutcome> {
    return this.step('ordering-api:payment-succeeded', ORDER_PAYMENT_SUCCEEDED, event, (order) => {
      order.markPaid();
      return [paid(order, traceparent)];
    });
  }

  /** Compensation: → cancelled. */
  failPayment(event: OrderEvent, traceparent?: string): Promise<SagaStepOutcome> {
    return this.step('ordering-api:payment-failed', ORDER_PAYMENT_FAILED, event, (order) => {
      order.cancel('payment failed');
      return [cancelled(order, traceparent)];
    });
  }

  private async step(consumer: string, eventName: string, event: OrderEvent, move: Move): Promise<SagaStepOutcome> {
    const outcome = await this.inbox.handleOnce(consumer, event, eventName, async (manager) => {
      const order = await this.orders.findForUpdate(manager, event.orderId);
      // Retried, then parked: an event about an order this service never had needs a human.
      if (!order) throw new OrderNotFoundError(event.orderId);
      let messages: OutboxMessage[];
      try {
        messages = move(order);
      } catch (error) {
        if (error instanceof OrderStatusTransitionError) return { kind: 'ignored', reason: error.message } as const;
        throw error;
      }
      await this.orders.saveStatus(manager, order);
      for (const message of messages) await this.outbox.saveEvent(message, manager);
      return { kind: 'applied' } as const;
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
