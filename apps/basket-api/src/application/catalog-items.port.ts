import type { CatalogProduct } from '../domain/basket';

/**
 * Catalog, as basket reads it: the current name, price, picture and version of products.
 * Basket takes a price from nobody else (a client only says which product and how many).
 */
export interface CatalogItemsPort {
  /**
   * The products among `productIds` that catalog sells, by id (an unknown id is absent).
   * Throws `CatalogUnavailableError` when catalog cannot answer.
   */
  findByIds(productIds: readonly number[]): Promise<ReadonlyMap<number, CatalogProduct>>;
}

export const CATALOG_ITEMS = Symbol('CATALOG_ITEMS');
