import type { Order } from '../domain/order';

/**
 * Changes to orders. Reached only through a unit of work (UnitOfWorkPort): every write
 * belongs to the transaction that also records the request id or the handled event, and
 * the outbox events.
 */
export interface OrderRepositoryPort {
  /** Stores a new order and gives it its number (`order.saved(id)`); returns the number. */
  insert(order: Order): Promise<number>;
  /**
   * Loads an order and holds its row lock until the transaction ends: the saga's events and
   * the buyer's commands on one order take turns, each seeing the status the last one left.
   */
  findForUpdate(id: number): Promise<Order | null>;
  /** Stores a status move made on a loaded order, with its new history entries. */
  saveStatus(order: Order): Promise<void>;
}

/** The buyer's views, read outside any transaction. */
export interface OrderReaderPort {
  /** The buyer's orders, newest first. */
  listOfBuyer(buyerId: string): Promise<Order[]>;
  findOfBuyer(id: number, buyerId: string): Promise<Order | null>;
}

export const ORDER_READER = Symbol('ORDER_READER');
