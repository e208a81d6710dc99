import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogBrand, CatalogType } from '../domain/catalog-references';

export interface PageRequest {
  readonly pageIndex: number;
  readonly pageSize: number;
}

/** Every field set narrows the page; none set is the whole catalog. */
export interface ItemFilter {
  /** Case-insensitive; `%` and `_` match literally. */
  readonly namePrefix?: string;
  readonly catalogTypeId?: number;
  readonly catalogBrandId?: number;
}

export interface Page<T> {
  /** How many items match the filter in all (not only on this page). */
  readonly count: number;
  readonly data: T[];
}

/** The read side's queries over the catalog: no transaction, no locks. */
export interface CatalogReader {
  /** Items in name order (then id), so pages never overlap. */
  page(filter: ItemFilter, page: PageRequest): Promise<Page<CatalogItem>>;
  findById(id: number): Promise<CatalogItem | null>;
  /** The items among `ids` that exist, in id order. */
  findByIds(ids: readonly number[]): Promise<CatalogItem[]>;
  allTypes(): Promise<CatalogType[]>;
  allBrands(): Promise<CatalogBrand[]>;
}

export const CATALOG_READER = Symbol('CATALOG_READER');
