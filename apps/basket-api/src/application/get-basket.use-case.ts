import type { Basket, BasketLineInput } from '../domain/basket';
import type { BasketRepository } from '../infrastructure/basket.repository';

/**
 * The basket use cases. Always for the buyer of the token: there is no way to name
 * another buyer's basket here.
 */
export class BasketService {
  constructor(private readonly baskets: BasketRepository) {}

  get(buyerId: string): Promise<Basket> {
    return this.baskets.find(buyerId);
  }

  async replace(buyerId: string, lines: readonly BasketLineInput[]): Promise<Basket> {
    await this.baskets.replace(buyerId, lines);
    return this.baskets.find(buyerId);
  }

  async addItem(buyerId: string, line: BasketLineInput): Promise<Basket> {
    await this.baskets.add(buyerId, line);
    return this.baskets.find(buyerId);
  }

  clear(buyerId: string): Promise<void> {
    return this.baskets.delete(buyerId);
  }
}
