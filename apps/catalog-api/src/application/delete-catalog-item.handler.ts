import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogItemNotFoundError } from '../domain/catalog.errors';
import { CatalogItemEntity } from '../infrastructure/catalog-item.entity';

/** DELETE /api/catalog/items/:id. */
@Injectable()
export class DeleteCatalogItemHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(id: number): Promise<void> {
    const result = await this.dataSource.manager.delete(CatalogItemEntity, { id });
    if (!result.affected) throw new CatalogItemNotFoundError(id);
  }
}
