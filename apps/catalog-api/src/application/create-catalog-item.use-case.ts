import { Inject, Injectable } from '@nestjs/common';
import type { CatalogItem, CatalogItemData } from '../domain/catalog-item';
import { assertReferencesExist } from '../domain/catalog-references';
import { CATALOG_UNIT_OF_WORK, type CatalogUnitOfWork } from './catalog-unit-of-work.port';

/** POST /api/catalog/items: a new item starts at version 1. */
@Injectable()
export class CreateCatalogItemUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  execute(data: CatalogItemData): Promise<CatalogItem> {
    return this.unitOfWork.run(async (tx) => {
      await assertReferencesExist(tx, data);
      return tx.insertItem({ ...data, version: 1 });
    });
  }
}
