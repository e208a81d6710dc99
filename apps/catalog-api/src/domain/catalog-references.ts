import type { CatalogItemData } from './catalog-item';
import { UnknownCatalogReferenceError } from './catalog.errors';

/** A kind of product ("Jackets", "Tents"); every item has one. */
export interface CatalogType {
  readonly id: number;
  readonly type: string;
}

/** A maker; every item has one. */
export interface CatalogBrand {
  readonly id: number;
  readonly brand: string;
}

/** What the reference rule asks the store, inside the writer's transaction. */
export interface CatalogReferenceLookup {
  typeExists(id: number): Promise<boolean>;
  brandExists(id: number): Promise<boolean>;
}

/** An item's type and brand must exist: a 400 naming the field, rather than a foreign-key 500. */
export async function assertReferencesExist(
  lookup: CatalogReferenceLookup,
  data: Pick<CatalogItemData, 'catalogTypeId' | 'catalogBrandId'>,
): Promise<void> {
  if (!(await lookup.typeExists(data.catalogTypeId))) {
    throw new UnknownCatalogReferenceError('catalogTypeId', data.catalogTypeId);
  }
  if (!(await lookup.brandExists(data.catalogBrandId))) {
    throw new UnknownCatalogReferenceError('catalogBrandId', data.catalogBrandId);
  }
}
