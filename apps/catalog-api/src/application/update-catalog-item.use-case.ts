import { Inject, Injectable } from '@nestjs/common';
import { replaceCatalogItem, type CatalogItem, type CatalogItemData } from '../domain/catalog-item';
import { assertReferencesExist } from '../domain/catalog-references';
import { CatalogItemNotFoundError, CatalogItemVersionConflictError } from '../domain/catalog.errors';
import { CATALOG_UNIT_OF_WORK, type CatalogUnitOfWork } from './catalog-unit-of-work.port';
import { productPriceChanged } from './product-price-changed.integration-event-factory';

export interface UpdateCatalogItemCommand {
  readonly id: number;
  /** The version the client read and edited (optimistic concurrency). */
  readonly version: number;
  readonly data: CatalogItemData;
  readonly traceparent?: string;
}

/** Reads of the same item before the use case gives up with a conflict (two always suffice, see below). */
const ATTEMPTS = 3;

/**
 * PUT /api/catalog/items/:id. The item and, when its price changed, the
 * ProductPriceChangedIntegrationEvent are written by ONE statement, only if the item is still
 * at the version read: both rows commit or neither does, and the old price in the event is
 * the one replaced. Publishing is the outbox relay's job, after the commit.
 *
 * Optimistic rather than locked: a read, then the conditional write (two round trips instead
 * of a transaction's five, docs/benchmarks.md). When another writer moved the item on in
 * between, the write stores nothing and the next read answers as a locked read would have:
 * 409 (the client's version is no longer current; versions only grow) or 404 (deleted).
 */
@Injectable()
export class UpdateCatalogItemUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  async execute(command: UpdateCatalogItemCommand): Promise<CatalogItem> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.unitOfWork.findItem(command.id);
      if (!current) throw new CatalogItemNotFoundError(command.id);
      const { item, priceChange } = replaceCatalogItem(current, command.version, command.data);
      if (
        item.catalogTypeId !== current.catalogTypeId ||
        item.catalogBrandId !== current.catalogBrandId
      ) {
        await this.unitOfWork.run((tx) => assertReferencesExist(tx, item));
      }
      const event = priceChange && productPriceChanged(priceChange, command.traceparent);
      if (await this.unitOfWork.replaceIfUnchanged(item, current.version, event)) return item;
      if (attempt === ATTEMPTS) throw new CatalogItemVersionConflictError(command.id, command.version, current.version);
    }
  }
}
