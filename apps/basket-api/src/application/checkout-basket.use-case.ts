import type { Buyer } from '@eshop/auth';
import {
  InvalidIntegrationEventError,
  USER_CHECKOUT_ACCEPTED,
  newEventIdentity,
  type IntegrationEventMap,
  type UserCheckoutAcceptedIntegrationEvent,
} from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import type { Basket } from '../domain/basket';
import { controlCharacterPaths } from '../domain/control-characters';
import {
  BasketEmptyError,
  CheckoutInProgressError,
  CheckoutRejectedError,
  CheckoutUnavailableError,
} from '../domain/checkout.errors';
import { toBasketItem } from './basket-item.mapper';
import type { BasketRepositoryPort } from './basket-repository.port';
import type { CheckoutRepositoryPort } from './checkout-repository.port';

/** Address and card as the buyer sends them (validated at the edge). */
export type CheckoutDetails = Pick<
  UserCheckoutAcceptedIntegrationEvent,
  | 'city' | 'street' | 'state' | 'country' | 'zipCode' | 'cardNumber' | 'cardHolderName'
  | 'cardExpiration' | 'cardSecurityNumber' | 'cardTypeId'
>;

export type CheckoutResult = 'accepted' | 'already-accepted';

/**
 * Checkout: publish UserCheckoutAccepted with the basket, at most once per buyer and request
 * id (request ids are scoped to the buyer: another buyer using the same id is another checkout).
 * The basket stays: it goes when ordering answers with OrderStarted (eShop deleted it
 * here, losing it when ordering never received the event).
 */
export class CheckoutBasketUseCase {
  constructor(
    private readonly baskets: BasketRepositoryPort,
    private readonly checkouts: CheckoutRepositoryPort,
    private readonly bus: EventBus<IntegrationEventMap>,
  ) {}

  async execute(buyer: Buyer, requestId: string, details: CheckoutDetails): Promise<CheckoutResult> {
    const reservation = await this.checkouts.reserve(buyer.id, requestId);
    if (reservation === 'published') return 'already-accepted';
    if (reservation === 'pending') throw new CheckoutInProgressError(requestId);
    // Until the broker confirms, any failure frees the request id: nothing was published,
    // so the client's retry with the same id must be able to succeed.
    const { basket, event } = await this.releasingOnFailure(buyer.id, requestId, async () => {
      const found = await this.baskets.find(buyer.id);
      if (found.lines.length === 0) throw new BasketEmptyError();
      return { basket: found, event: acceptableEvent(buyer, requestId, details, found) };
    });
    await this.releasingOnFailure(buyer.id, requestId, () =>
      this.bus
        .publish(USER_CHECKOUT_ACCEPTED, event)
        .catch((error: unknown) => {
          // A schema failure means the request (or its token) breaks the contract, e.g. a
          // buyer name too long for it; anything else means the broker did not confirm.
          throw error instanceof InvalidIntegrationEventError
            ? new CheckoutRejectedError(error.problems)
            : new CheckoutUnavailableError();
        }),
    );
    await this.checkouts.markPublished(buyer.id, requestId, basket.lines);
    return 'accepted';
  }

  private async releasingOnFailure<T>(buyerId: string, requestId: string, work: () => Promise<T>) {
    try {
      return await work();
    } catch (error) {
      await this.checkouts.release(buyerId, requestId);
      throw error;
    }
  }
}

/**
 * The event, refused (400, nothing published) when any of its text holds a control
 * character: the token's name, an address field or a stored line. Accepted with a 202, such
 * a checkout would fail in ordering on every delivery and end parked, with no order.
 */
function acceptableEvent(
  buyer: Buyer,
  requestId: string,
  details: CheckoutDetails,
  basket: Basket,
): UserCheckoutAcceptedIntegrationEvent {
  const event = checkoutEvent(buyer, requestId, details, basket);
  const refused = controlCharacterPaths(event);
  if (refused.length > 0) {
    throw new CheckoutRejectedError(refused.map((path) => `${path}: must not contain control characters`));
  }
  return event;
}

function checkoutEvent(
  buyer: Buyer,
  requestId: string,
  details: CheckoutDetails,
  basket: Basket,
): UserCheckoutAcceptedIntegrationEvent {
  return {
    ...newEventIdentity(),
    userId: buyer.id,
    userName: buyer.name,
    requestId,
    ...details,
    buyer: buyer.name,
    basket: { buyerId: basket.buyerId, items: basket.lines.map(toBasketItem) },
  };
}
