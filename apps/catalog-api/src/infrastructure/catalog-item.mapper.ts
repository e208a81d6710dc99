import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogItemEntity } from './catalog-item.entity';

/**
 * Row → domain. The entity declares the domain's fields (its column options map them to
 * the table's names and the price to cents), so the mapping is a copy into a plain object:
 * what leaves the infrastructure is never a TypeORM-managed instance.
 */
export function toCatalogItem(entity: CatalogItemEntity): CatalogItem {
  return { ...entity };
}
