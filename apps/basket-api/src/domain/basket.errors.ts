import { DomainError } from '@eshop/domain-errors';
import { BASKET_LIMITS } from './basket';

/** The write would put more distinct products in the basket than the cap. */
export class BasketTooLargeError extends DomainError {
  override readonly name = 'BasketTooLargeError';
  readonly code = 'BASKET_TOO_LARGE';
  readonly kind = 'invalid';
  constructor() {
    super(`items: a basket holds at most ${BASKET_LIMITS.maxItems} different products`);
  }
}

/** The write would put more units of one product in the basket than the cap. */
export class QuantityTooLargeError extends DomainError {
  override readonly name = 'QuantityTooLargeError';
  readonly code = 'QUANTITY_TOO_LARGE';
  readonly kind = 'invalid';
  constructor(productId: string) {
    super(`quantity: at most ${BASKET_LIMITS.maxQuantity} units of product ${productId}`);
  }
}

/** The request names a product catalog does not sell (never became a line). */
export class UnknownProductError extends DomainError {
  override readonly name = 'UnknownProductError';
  readonly code = 'UNKNOWN_PRODUCT';
  readonly kind = 'invalid';
  constructor(unknown: ReadonlyArray<{ readonly field: string; readonly productId: number }>) {
    super(unknown.map(({ field, productId }) => `${field}: product ${productId} is not in the catalog`).join('; '));
  }
}
