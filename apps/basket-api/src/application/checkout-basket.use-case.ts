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
import type { CheckoutRepositoryPort } from './checkout-repository.port';

/** Address and card as the buyer sends them (validated at the edge). */
export type CheckoutDetails = Pick<
  UserCheckoutAcceptedIntegrationEvent,
  | 'city' | 'street' | 'state' | 'country' | 'zipCode' | 'cardNumber' | 'cardHolderName'
  | 'cardExpiration' | 'cardSecurityNumber' | 'cardTypeId'
>;

export type CheckoutResult = 'accepted' | 'already-accepted';

export interface CheckoutOptions {
  /** How long a checkout waits for its OrderStarted before its units go back to the basket. */
  readonly timeoutMs: number;
  /** Milliseconds since the epoch (tests move it). */
  readonly now?: () => number;
}

/**
 * Checkout: MOVE the basket's units into a checkout of (buyer, request id) — one atomic
 * step, so those units can never be checked out again and units added later are never part
 * of it — then publish UserCheckoutAccepted with exactly those units. If the publish fails,
 * the units go back to the basket and the request id is free for the client's retry; if no
 * OrderStarted comes before the deadline, the sweeper gives them back. A retry of an
 * accepted request id publishes nothing (request ids are scoped to the buyer).
 */
export class CheckoutBasketUseCase {
  constructor(
    private readonly checkouts: CheckoutRepositoryPort,
    private readonly bus: EventBus<IntegrationEventMap>,
    private readonly options: CheckoutOptions,
  ) {}

  async execute(buyer: Buyer, requestId: string, details: CheckoutDetails): Promise<CheckoutResult> {
    const now = (this.options.now ?? Date.now)();
    const take = await this.checkouts.take(buyer.id, requestId, now, now + this.options.timeoutMs);
    if (take.kind === 'accepted-earlier') return 'already-accepted';
    if (take.kind === 'in-progress') throw new CheckoutInProgressError(requestId);
    if (take.kind === 'empty') throw new BasketEmptyError();
    try {
      const event = acceptableEvent(buyer, requestId, details, { buyerId: buyer.id, lines: take.lines });
      await this.bus.publish(USER_CHECKOUT_ACCEPTED, event).catch((error: unknown) => {
        // A schema failure means the request (or its token) breaks the contract, e.g. a
        // buyer name too long for it; anything else means the broker did not confirm.
        throw error instanceof InvalidIntegrationEventError
          ? new CheckoutRejectedError(error.problems)
          : new CheckoutUnavailableError();
      });
    } catch (error) {
      await this.checkouts.giveBack(buyer.id, requestId);
      throw error;
    }
    await this.checkouts.markPublished(buyer.id, requestId);
    return 'accepted';
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
