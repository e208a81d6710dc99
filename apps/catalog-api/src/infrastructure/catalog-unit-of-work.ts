import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decimalFromCents } from '@eshop/contracts';
import { IntegrationEventInbox, outboxInsertSelect, OutboxWriter, type OutboxMessage } from '@eshop/outbox';
import type {
  CatalogTransaction,
  CatalogUnitOfWork,
  OnceOutcome,
} from '../application/catalog-unit-of-work.port';
import type { CatalogItem } from '../domain/catalog-item';
import type { OrderStockItem } from '../domain/order-stock';
import type { ReservationState, StockReservation } from '../domain/stock-reservation';
import { CatalogBrandEntity } from './catalog-brand.entity';
import { CatalogItemEntity } from './catalog-item.entity';
import { toCatalogItem } from './catalog-item.mapper';
import { fromRow, ITEM_BY_ID, poolOf, type CatalogItemRow } from './catalog-item.rows';
import { CatalogTypeEntity } from './catalog-type.entity';
import { StockReservationRepository } from './stock-reservation.repository';

/** Every field of an item for REPLACE_ITEM's $1…$12. */
const itemValues = (item: CatalogItem): unknown[] => [
  item.id,
  item.name,
  item.description,
  decimalFromCents(item.priceCents),
  item.pictureFileName,
  item.catalogTypeId,
  item.catalogBrandId,
  item.availableStock,
  item.restockThreshold,
  item.maxStockThreshold,
  item.onReorder,
  item.version,
];

/** The optimistic write of every field: $13 is the version the item was read at. */
const REPLACE_ITEM = `UPDATE catalog_item SET name = $2, description = $3, price = $4, picture_file_name = $5,
  catalog_type_id = $6, catalog_brand_id = $7, available_stock = $8, restock_threshold = $9, max_stock_threshold = $10,
  on_reorder = $11, version = $12
  WHERE id = $1 AND version = $13`;
/** The same, and the outbox row ($14…$18) stored exactly when the UPDATE found its row. */
const REPLACE_ITEM_WITH_EVENT = `WITH saved AS (${REPLACE_ITEM} RETURNING id) ${outboxInsertSelect(14, 'saved')}`;

/**
 * A TypeORM transaction per unit of work. The outbox row (OutboxWriter) and the
 * handled-event record (IntegrationEventInbox) are written with the same EntityManager as
 * the catalog rows, so the business change and its consequences commit atomically.
 */
@Injectable()
export class TypeOrmCatalogUnitOfWork implements CatalogUnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: IntegrationEventInbox,
    private readonly outbox: OutboxWriter,
  ) {}

  run<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new TypeOrmCatalogTransaction(manager, this.outbox)));
  }

  async findItem(id: number): Promise<CatalogItem | null> {
    const { rows } = await poolOf(this.dataSource).query<CatalogItemRow>({ ...ITEM_BY_ID, values: [id] });
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /**
   * Plain SQL on the pool, outside TypeORM's transactions: the UPDATE (conditional on the
   * version) and, with an event, the outbox INSERT fed by the UPDATE's RETURNING, in one
   * statement and one round trip. Named statements: parsed and planned once per connection.
   */
  async replaceIfUnchanged(item: CatalogItem, expectedVersion: number, event?: OutboxMessage): Promise<boolean> {
    const pool = poolOf(this.dataSource);
    const values = [...itemValues(item), expectedVersion];
    if (!event) {
      const result = await pool.query({ name: 'catalog-item-replace', text: REPLACE_ITEM, values });
      return result.rowCount === 1;
    }
    return this.outbox.writeWith(event, async (row) => {
      const result = await pool.query({ name: 'catalog-item-replace-with-event', text: REPLACE_ITEM_WITH_EVENT, values: [...values, ...row.values] });
      return result.rowCount === 1;
    });
  }

  runOnce<T>(
    consumer: string,
    event: { readonly id: string },
    eventName: string,
    work: (tx: CatalogTransaction) => Promise<T>,
  ): Promise<OnceOutcome<T>> {
    return this.inbox.handleOnce(consumer, event, eventName, (manager) =>
      work(new TypeOrmCatalogTransaction(manager, this.outbox)),
    );
  }
}

/** The catalog tables and the outbox through one transaction's EntityManager. */
class TypeOrmCatalogTransaction implements CatalogTransaction {
  private readonly reservations: StockReservationRepository;

  constructor(
    private readonly manager: EntityManager,
    private readonly outbox: OutboxWriter,
  ) {
    this.reservations = new StockReservationRepository(manager);
  }

  typeExists(id: number): Promise<boolean> {
    return this.manager.existsBy(CatalogTypeEntity, { id });
  }

  brandExists(id: number): Promise<boolean> {
    return this.manager.existsBy(CatalogBrandEntity, { id });
  }

  async insertItem(item: Omit<CatalogItem, 'id'>): Promise<CatalogItem> {
    const saved = await this.manager.save(CatalogItemEntity, this.manager.create(CatalogItemEntity, item));
    return toCatalogItem(saved);
  }

  async deleteItem(id: number): Promise<boolean> {
    const result = await this.manager.delete(CatalogItemEntity, { id });
    return Boolean(result.affected);
  }

  lockStock(ids: readonly number[]): Promise<ReadonlyMap<number, number>> {
    return this.reservations.lockStock(ids);
  }

  adjustStock(changes: readonly OrderStockItem[]): Promise<void> {
    return this.reservations.adjustStock(changes);
  }

  lockReservation(orderId: number): Promise<StockReservation | undefined> {
    return this.reservations.lockReservation(orderId);
  }

  insertReservation(reservation: StockReservation): Promise<void> {
    return this.reservations.insertReservation(reservation);
  }

  setReservationState(orderId: number, state: ReservationState): Promise<void> {
    return this.reservations.setReservationState(orderId, state);
  }

  /** OutboxWriter checks the event against the contract and refuses to write outside a transaction. */
  addEvent(message: OutboxMessage): Promise<void> {
    return this.outbox.saveEvent(message, this.manager);
  }
}
