import type { OutboxMessage } from '@eshop/outbox';
import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogReferenceLookup } from '../domain/catalog-references';

/**
 * The catalog's reads and writes inside ONE database transaction. Everything done through
 * it, the outbox row of an integration event included, commits together or not at all.
 */
export interface CatalogTransaction extends CatalogReferenceLookup {
  /** Stores a new item; the store assigns its id. */
  insertItem(item: Omit<CatalogItem, 'id'>): Promise<CatalogItem>;
  /** The item with its row locked until the transaction ends; null when there is none. */
  lockItem(id: number): Promise<CatalogItem | null>;
  /** Writes every field of an item read with `lockItem` in this transaction. */
  saveItem(item: CatalogItem): Promise<void>;
  /** False when there was no such item. */
  deleteItem(id: number): Promise<boolean>;
  /** Available stock of the items among `ids` that exist, by id. */
  availableStock(ids: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /** Adds an integration event to the outbox; the relay publishes it after the commit. */
  addEvent(message: OutboxMessage): Promise<void>;
}

export type OnceOutcome<T> = { readonly handled: true; readonly result: T } | { readonly handled: false };

export interface CatalogUnitOfWork {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T>;
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
