import type { Basket, RequestedLine } from '../domain/basket';
import { pricedLines } from '../domain/basket-lines';
import type { BasketRepositoryPort } from './basket-repository.port';
import type { CatalogItemsPort } from './catalog-items.port';

/**
 * `PUT /api/basket`: the requested products become the buyer's basket, at the names and
 * prices catalog has now (one catalog read for all of them); answers the basket as stored.
 */
export class ReplaceBasketUseCase {
  constructor(
    private readonly baskets: BasketRepositoryPort,
    private readonly catalog: CatalogItemsPort,
  ) {}

  async execute(buyerId: string, requested: readonly RequestedLine[]): Promise<Basket> {
    const products = requested.length === 0 ? new Map() : await this.catalog.findByIds(requested.map((line) => line.productId));
    await this.baskets.replace(buyerId, pricedLines(requested, products, (index) => `items.${index}.productId`));
    return this.baskets.find(buyerId);
  }
}
