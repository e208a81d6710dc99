import type { Basket, RequestedLine } from '../domain/basket';
import { pricedLines } from '../domain/basket-lines';
import type { BasketRepositoryPort } from './basket-repository.port';
import type { CatalogItemsPort } from './catalog-items.port';

/**
 * `POST /api/basket/items`: a new line, or more units of a line already there, at the
 * name and price catalog has now.
 */
export class AddBasketItemUseCase {
  constructor(
    private readonly baskets: BasketRepositoryPort,
    private readonly catalog: CatalogItemsPort,
  ) {}

  async execute(buyerId: string, requested: RequestedLine): Promise<Basket> {
    const products = await this.catalog.findByIds([requested.productId]);
    const [line] = pricedLines([requested], products, () => 'productId');
    if (line) await this.baskets.add(buyerId, line);
    return this.baskets.find(buyerId);
  }
}
