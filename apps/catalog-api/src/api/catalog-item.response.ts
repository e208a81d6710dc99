import { fromCents, toCents } from '@eshop/contracts';
import type { CatalogItem, CatalogItemData } from '../domain/catalog-item';
import type { ItemBody } from './catalog.schemas';

/**
 * A catalog item on the wire: the domain item's fields, with the price in currency units
 * instead of cents. `toResponse` names every field, so a field added to the domain reaches
 * the wire only when someone writes it there.
 */
export type CatalogItemResponse = Omit<CatalogItem, 'priceCents'> & { readonly price: number };

export interface PaginatedItems {
  readonly pageIndex: number;
  readonly pageSize: number;
  readonly count: number;
  readonly data: CatalogItemResponse[];
}

export function toResponse(item: CatalogItem): CatalogItemResponse {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    price: fromCents(item.priceCents),
    pictureFileName: item.pictureFileName,
    catalogTypeId: item.catalogTypeId,
    catalogBrandId: item.catalogBrandId,
    availableStock: item.availableStock,
    restockThreshold: item.restockThreshold,
    maxStockThreshold: item.maxStockThreshold,
    onReorder: item.onReorder,
    version: item.version,
  };
}

/** Wire body → domain data; the price was validated to whole cents, so `toCents` is exact. */
export function toItemData(body: ItemBody): CatalogItemData {
  return {
    name: body.name,
    description: body.description,
    priceCents: toCents(body.price),
    pictureFileName: body.pictureFileName,
    catalogTypeId: body.catalogTypeId,
    catalogBrandId: body.catalogBrandId,
    availableStock: body.availableStock,
    restockThreshold: body.restockThreshold,
    maxStockThreshold: body.maxStockThreshold,
    onReorder: body.onReorder,
  };
}
