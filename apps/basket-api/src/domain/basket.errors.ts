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
