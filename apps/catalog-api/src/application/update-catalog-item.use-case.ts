import { Inject, Injectable } from '@nestjs/common';
import { replaceCatalogItem, type CatalogItem, type CatalogItemData } from '../domain/catalog-item';
import { assertReferencesExist } from '../domain/catalog-references';
import { CatalogItemNotFoundError } from '../domain/catalog.errors';
import { CATALOG_UNIT_OF_WORK, type CatalogUnitOfWork } from './catalog-unit-of-work.port';
import { productPriceChanged } from './product-price-changed.integration-event-factory';

export interface UpdateCatalogItemCommand {
  readonly id: number;
  /** The version the client read and edited (optimistic concurrency). */
  readonly version: number;
  readonly data: CatalogItemData;
  readonly traceparent?: string;
}

/**
 * PUT /api/catalog/items/:id. The item and, when its price changed, the
 * ProductPriceChangedIntegrationEvent are written in ONE transaction: both commit or
 * neither does. Publishing is the outbox relay's job, after the commit.
 */
@Injectable()
export class UpdateCatalogItemUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  execute(command: UpdateCatalogItemCommand): Promise<CatalogItem> {
    return this.unitOfWork.run(async (tx) => {
      // The row lock keeps the version check and the old price valid until commit.
      const current = await tx.lockItem(command.id);
      if (!current) throw new CatalogItemNotFoundError(command.id);
      const { item, priceChange } = replaceCatalogItem(current, command.version, command.data);
      if (
        item.catalogTypeId !== current.catalogTypeId ||
        item.catalogBrandId !== current.catalogBrandId
      ) {
        await assertReferencesExist(tx, item);
      }
      await tx.saveItem(item);
      if (priceChange) await tx.addEvent(productPriceChanged(priceChange, command.traceparent));
      return item;
    });
  }
}
