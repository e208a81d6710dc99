import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CatalogItem, CatalogItemData } from '../domain/catalog-item';
import { CatalogItemEntity } from '../infrastructure/catalog-item.entity';
import { assertReferencesExist } from './catalog-references';

/** POST /api/catalog/items: a new item starts at version 1. */
@Injectable()
export class CreateCatalogItemHandler {
  constructor(private readonly dataSource: DataSource) {}

  execute(data: CatalogItemData): Promise<CatalogItem> {
    return this.dataSource.transaction(async (manager) => {
      await assertReferencesExist(manager, data);
      return manager.save(CatalogItemEntity, manager.create(CatalogItemEntity, { ...data, version: 1 }));
    });
  }
}
