import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@eshop/outbox';
import { replaceCatalogItem, type CatalogItem, type CatalogItemData } from '../domain/catalog-item';
import { CatalogItemNotFoundError } from '../domain/catalog.errors';
import { CatalogItemEntity } from '../infrastructure/catalog-item.entity';
import { productPriceChanged } from '../integration-events/product-price-changed.integration-event';
import { assertReferencesExist } from './catalog-references';

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
export class UpdateCatalogItemHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(command: UpdateCatalogItemCommand): Promise<CatalogItem> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock keeps the version check and the old price valid until commit.
      const current = await manager.findOne(CatalogItemEntity, {
        where: { id: command.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw new CatalogItemNotFoundError(command.id);
      const { item, priceChange } = replaceCatalogItem(current, command.version, command.data);
      if (
        item.catalogTypeId !== current.catalogTypeId ||
        item.catalogBrandId !== current.catalogBrandId
      ) {
        await assertReferencesExist(manager, item);
      }
      const { id, ...changes } = item;
      await manager.update(CatalogItemEntity, { id }, changes);
      if (priceChange) {
        await this.outbox.saveEvent(productPriceChanged(priceChange, command.traceparent), manager);
      }
      return item;
    });
  }
}
