import type { BasketItem } from '@eshop/contracts';
import { toBasketItem } from '../application/basket-item.mapper';
import type { Basket } from '../domain/basket';

/** `GET /api/basket`'s body: the contract's shape, prices in currency units. */
export interface BasketResponse {
  readonly buyerId: string;
  readonly items: BasketItem[];
}

export function toBasketResponse(basket: Basket): BasketResponse {
  return { buyerId: basket.buyerId, items: basket.lines.map(toBasketItem) };
}
