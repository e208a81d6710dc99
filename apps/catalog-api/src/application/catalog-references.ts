import type { EntityManager } from 'typeorm';
import type { CatalogItemData } from '../domain/catalog-item';
import { UnknownCatalogReferenceError } from '../domain/catalog.errors';
import { CatalogBrandEntity } from '../infrastructure/catalog-brand.entity';
import { CatalogTypeEntity } from '../infrastructure/catalog-type.entity';

/** An item's type and brand must exist: a 400 naming the field, rather than a foreign-key 500. */
export async function assertReferencesExist(
  manager: EntityManager,
  data: Pick<CatalogItemData, 'catalogTypeId' | 'catalogBrandId'>,
): Promise<void> {
  if (!(await manager.existsBy(CatalogTypeEntity, { id: data.catalogTypeId }))) {
    throw new UnknownCatalogReferenceError('catalogTypeId', data.catalogTypeId);
  }
  if (!(await manager.existsBy(CatalogBrandEntity, { id: data.catalogBrandId }))) {
    throw new UnknownCatalogReferenceError('catalogBrandId', data.catalogBrandId);
  }
}
