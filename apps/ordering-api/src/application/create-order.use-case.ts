import { Inject, Injectable } from '@nestjs/common';
import { USER_CHECKOUT_ACCEPTED, toCents, type UserCheckoutAcceptedIntegrationEvent } from '@eshop/contracts';
import { currentTraceparent } from '@eshop/tracing';
import { Order, type NewOrder } from '../domain/order';
import { orderStarted } from './order-started.integration-event-factory';
import { UNIT_OF_WORK, type UnitOfWorkPort } from './unit-of-work.port';

export const CREATE_ORDER_CONSUMER = 'ordering-api:create-order';

export type CreateOrderOutcome =
  | { readonly kind: 'created'; readonly orderId: number }
  /** This very event was handled before (a redelivery). */
  | { readonly kind: 'duplicate-event' }
  /** Another event carried the buyer's same checkout request id: its order stands. */
  | { readonly kind: 'duplicate-request'; readonly orderId: number | null };

/**
 * UserCheckoutAccepted → a `submitted` order and OrderStarted, once per buyer and checkout
 * request id (another buyer's use of the same id is none of this buyer's business).
 * One transaction holds: the handled-event record, the request id (registered FIRST, so a
 * concurrent copy waits on its key and then backs off), the order and the outbox event.
 */
@Injectable()
export class CreateOrderUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWorkPort) {}

  async execute(event: UserCheckoutAcceptedIntegrationEvent, traceparent?: string): Promise<CreateOrderOutcome> {
    const handled = { consumer: CREATE_ORDER_CONSUMER, eventId: event.id, eventName: USER_CHECKOUT_ACCEPTED };
    const outcome = await this.unitOfWork.runOnce(handled, async (tx) => {
      const key = { buyerId: event.userId, requestId: event.requestId };
      const registration = await tx.requests.register({ ...key, command: 'create-order', orderId: null });
      if (registration.kind === 'seen') {
        return { kind: 'duplicate-request', orderId: registration.earlier.orderId } as const;
      }
      const order = Order.submit(newOrderOf(event));
      // The order keeps this delivery's trace (its span with tracing on): the grace-period
      // worker continues it, so the checkout stays one trace.
      const orderId = await tx.orders.insert(order, currentTraceparent() ?? traceparent);
      await tx.requests.attachOrder(key, orderId);
      await tx.saveEvents([orderStarted(order, traceparent)]);
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
