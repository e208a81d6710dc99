import { DomainError } from '@eshop/domain-errors';

/** The basket line names a product catalog does not have. */
export class ProductNotFoundError extends DomainError {
  override readonly name = 'ProductNotFoundError';
  readonly code = 'PRODUCT_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly productId: number) {
    super(`product ${productId} not found in catalog`);
  }
}

/**
 * An upstream answered, but not with anything the gateway can use (an unexpected status
 * during an aggregation). A 503 naming the upstream; details go to the log.
 */
export class UnexpectedUpstreamAnswerError extends DomainError {
  override readonly name = 'UnexpectedUpstreamAnswerError';
  readonly code = 'UPSTREAM_UNEXPECTED_ANSWER';
  readonly kind = 'unavailable';
  constructor(
    readonly upstream: string,
    readonly detail: string,
  ) {
    super(`${upstream} gave an unexpected answer`);
  }
}

/**
 * A 5xx from an upstream. Thrown inside the resilience policy so that it counts toward the
 * breaker and is retried for reads; the client then gets the policy's 503 naming the
 * upstream (this error stays the `cause`, for the log).
 */
export class UpstreamServerError extends Error {
  override readonly name = 'UpstreamServerError';
  constructor(
    readonly upstream: string,
    readonly status: number,
  ) {
    super(`${upstream} answered ${status}`);
  }
}

/** `POST /api/orders/draft` with nothing in the basket: there is no order to draft. */
export class EmptyBasketError extends DomainError {
  override readonly name = 'EmptyBasketError';
  readonly code = 'BASKET_EMPTY';
  readonly kind = 'invalid';
  constructor() {
    super('basket: the basket is empty; a draft needs at least one item');
  }
}
