import type { OutboxMessage } from '@eshop/outbox';
import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogReferenceLookup } from '../domain/catalog-references';
import type { OrderStockItem } from '../domain/order-stock';
import type { ReservationState, StockReservation } from '../domain/stock-reservation';

/**
 * The catalog's reads and writes inside ONE database transaction. Everything done through
 * it, the outbox row of an integration event included, commits together or not at all.
 */
export interface CatalogTransaction extends CatalogReferenceLookup {
  /** Stores a new item; the store assigns its id. */
  insertItem(item: Omit<CatalogItem, 'id'>): Promise<CatalogItem>;
  /** False when there was no such item. */
  deleteItem(id: number): Promise<boolean>;
  /**
   * Locks the rows of the items among `ids` in ascending id order (two orders sharing products
   * cannot deadlock) and returns their available stock, by id; missing items are absent.
   */
  lockStock(ids: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /**
   * Adds `units` (negative: removes) to each product's available stock and moves its version
   * on; products deleted since are skipped. Lock them with `lockStock` first. The table's
   * CHECK (available_stock >= 0) fails the transaction rather than let stock go negative.
   */
  adjustStock(changes: readonly OrderStockItem[]): Promise<void>;
  /**
   * Serialises every stock step of one order until the transaction ends (a validation and a
   * cancellation of the same order on two instances take turns), then reads its record.
   */
  lockReservation(orderId: number): Promise<StockReservation | undefined>;
  /** Stores the first record of an order, its lines included. */
  insertReservation(reservation: StockReservation): Promise<void>;
  /** Moves an order's record (read with `lockReservation`) to another state; its lines stay. */
  setReservationState(orderId: number, state: ReservationState): Promise<void>;
  /** Adds an integration event to the outbox; the relay publishes it after the commit. */
  addEvent(message: OutboxMessage): Promise<void>;
}

export type OnceOutcome<T> = { readonly handled: true; readonly result: T } | { readonly handled: false };

export interface CatalogUnitOfWork {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T>;
  /** The item as last committed (no lock); null when there is none. */
  findItem(id: number): Promise<CatalogItem | null>;
  /**
   * Optimistic replacement, in ONE statement: writes every field of `item` only if its row is
   * still at `expectedVersion`, and with it `event`'s outbox row when one is given. A statement
   * is atomic by itself, so both rows are stored or neither. False when the row moved on or
   * is gone: then nothing was written.
   */
  replaceIfUnchanged(item: CatalogItem, expectedVersion: number, event?: OutboxMessage): Promise<boolean>;
  /**
   * The idempotent consumer (docs/patterns/idempotent-consumer.md): `work` runs at most once
   * per consumer and event id. The record "handled" commits in the same transaction as
   * `work`'s writes, so a copy of the event, here or on another instance, finds the record
   * and gets `handled: false`; if `work` throws, both roll back and a redelivery starts over.
   */
  runOnce<T>(
    consumer: string,
    event: { readonly id: string },
    eventName: string,
    work: (tx: CatalogTransaction) => Promise<T>,
  ): Promise<OnceOutcome<T>>;
}

export const CATALOG_UNIT_OF_WORK = Symbol('CATALOG_UNIT_OF_WORK');
