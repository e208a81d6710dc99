import type { Basket } from '../domain/basket';
import type { BasketRepositoryPort } from './basket-repository.port';

/**
 * The buyer's basket. Every basket use case takes the buyer of the token: there is no way
 * to name another buyer's basket.
 */
export class GetBasketUseCase {
  constructor(private readonly baskets: BasketRepositoryPort) {}

  execute(buyerId: string): Promise<Basket> {
    return this.baskets.find(buyerId);
  }
}
