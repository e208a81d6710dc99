import { Inject, Injectable } from '@nestjs/common';
import { CatalogItemNotFoundError } from '../domain/catalog.errors';
import { CATALOG_UNIT_OF_WORK, type CatalogUnitOfWork } from './catalog-unit-of-work.port';

/** DELETE /api/catalog/items/:id. */
@Injectable()
export class DeleteCatalogItemUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  async execute(id: number): Promise<void> {
    const deleted = await this.unitOfWork.run((tx) => tx.deleteItem(id));
    if (!deleted) throw new CatalogItemNotFoundError(id);
  }
}
