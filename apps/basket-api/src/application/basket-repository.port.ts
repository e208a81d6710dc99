import type { Basket, BasketLineInput } from '../domain/basket';

/**
 * Where baskets live: one per buyer, one line per product. Every write keeps the reverse
 * index product → buyers in step with the basket (the price-change fan-out reads it), and
 * settles each line's price to the newest catalog version it knows of.
 */
export interface BasketRepositoryPort {
  find(buyerId: string): Promise<Basket>;
  /** The lines become the basket (an empty list empties it). */
  replace(buyerId: string, lines: readonly BasketLineInput[]): Promise<void>;
  /** Adds a line, or adds its quantity to the line of the same product. */
  add(buyerId: string, line: BasketLineInput): Promise<void>;
  delete(buyerId: string): Promise<void>;
}

export const BASKET_REPOSITORY = Symbol('BASKET_REPOSITORY');
