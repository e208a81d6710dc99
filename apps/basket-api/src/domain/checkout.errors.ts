import { DomainError } from '@eshop/domain-errors';

/** Checkout of an empty basket: there is nothing to order. */
export class BasketEmptyError extends DomainError {
  override readonly name = 'BasketEmptyError';
  readonly code = 'BASKET_EMPTY';
  readonly kind = 'invalid';
  constructor() {
    super('basket: is empty, nothing to check out');
  }
}

/** Another request with the same `x-requestid` is being published right now. */
export class CheckoutInProgressError extends DomainError {
  override readonly name = 'CheckoutInProgressError';
  readonly code = 'CHECKOUT_IN_PROGRESS';
  readonly kind = 'conflict';
  constructor(requestId: string) {
    super(`x-requestid: checkout ${requestId} is already in progress; retry in a moment`);
  }
}

/** The broker did not confirm the checkout event; nothing was sent and the basket is unchanged. */
export class CheckoutUnavailableError extends DomainError {
  override readonly name = 'CheckoutUnavailableError';
  readonly code = 'CHECKOUT_UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor() {
    super('checkout not accepted: the event bus is unavailable; retry with the same x-requestid');
  }
}

/** The checkout would break the event contract (e.g. a token name longer than it allows). */
export class CheckoutRejectedError extends DomainError {
  override readonly name = 'CheckoutRejectedError';
  readonly code = 'CHECKOUT_REJECTED';
  readonly kind = 'invalid';
  constructor(problems: readonly string[]) {
    super(`checkout: ${problems.join('; ')}`);
  }
}
