import type { BasketRepositoryPort } from './basket-repository.port';

/** `DELETE /api/basket`: empties the buyer's basket (and its entries in the reverse index). */
export class ClearBasketUseCase {
  constructor(private readonly baskets: BasketRepositoryPort) {}

  execute(buyerId: string): Promise<void> {
    return this.baskets.delete(buyerId);
  }
}
