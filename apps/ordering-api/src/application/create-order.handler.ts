import { Injectable } from '@nestjs/common';
import { USER_CHECKOUT_ACCEPTED, toCents, type UserCheckoutAcceptedIntegrationEvent } from '@eshop/contracts';
import { OutboxWriter } from '@eshop/outbox';
import { Order, type NewOrder } from '../domain/order';
import { ClientRequestRepository } from '../infrastructure/client-request.repository';
import { IntegrationEventInbox } from '@eshop/outbox';
import { OrderRepository } from '../infrastructure/order.repository';
import { orderStarted } from '../integration-events/order-started.integration-event';

export const CREATE_ORDER_CONSUMER = 'ordering-api:create-order';

export type CreateOrderOutcome =
  | { readonly kind: 'created'; readonly orderId: number }
  /** This very event was handled before (a redelivery). */
  | { readonly kind: 'duplicate-event' }
  /** Another event carried the same checkout request id: its order stands. */
  | { readonly kind: 'duplicate-request'; readonly orderId: number | null; readonly sameBuyer: boolean };

/**
 * UserCheckoutAccepted → a `submitted` order and OrderStarted, once per checkout request id.
 * One transaction holds: the handled-event record, the request id (inserted FIRST, so a
 * concurrent copy waits on its key and then backs off), the order and the outbox event.
 */
@Injectable()
export class CreateOrderHandler {
  constructor(
    private readonly inbox: IntegrationEventInbox,
    private readonly requests: ClientRequestRepository,
    private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(event: UserCheckoutAcceptedIntegrationEvent, traceparent?: string): Promise<CreateOrderOutcome> {
    const outcome = await this.inbox.handleOnce(CREATE_ORDER_CONSUMER, event, USER_CHECKOUT_ACCEPTED, async (manager) => {
      const registration = await this.requests.register(manager, {
        requestId: event.requestId,
        command: 'create-order',
        buyerId: event.userId,
        orderId: null,
      });
      if (registration.kind === 'seen') {
        const { orderId, buyerId } = registration.earlier;
        return { kind: 'duplicate-request', orderId, sameBuyer: buyerId === event.userId } as const;
      }
      const order = Order.submit(newOrderOf(event));
      const orderId = await this.orders.insert(manager, order);
      await this.requests.attachOrder(manager, event.requestId, orderId);
      await this.outbox.saveEvent(orderStarted(order, traceparent), manager);
      return { kind: 'created', orderId } as const;
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate-event' };
  }
}

function newOrderOf(event: UserCheckoutAcceptedIntegrationEvent): NewOrder {
  // SIMPLIFICATION: the card is not stored; the simulated payment needs none of it (ADR 0008).
  return {
    buyerId: event.userId,
    buyerName: event.userName,
    address: {
      street: event.street,
      city: event.city,
      state: event.state,
      country: event.country,
      zipCode: event.zipCode,
    },
    lines: event.basket.items.map((item) => ({
      productId: item.productId,
      productName: item.productName,
      unitPriceCents: toCents(item.unitPrice),
      units: item.quantity,
      pictureUrl: item.pictureUrl,
    })),
  };
}
