import type { Order } from '../domain/order';

/**
 * Changes to orders. Reached only through a unit of work (UnitOfWorkPort): every write
 * belongs to the transaction that also records the request id or the handled event, and
 * the outbox events.
 */
export interface OrderRepositoryPort {
  /** Stores a new order and gives it its number (`order.saved(id)`); returns the number. */
  /** `traceparent`: the trace the order continues when the grace-period worker moves it on. */
  insert(order: Order, traceparent?: string): Promise<number>;
  /**
   * Loads an order and holds its row lock until the transaction ends: the saga's events and
   * the buyer's commands on one order take turns, each seeing the status the last one left.
   */
  findForUpdate(id: number): Promise<Order | null>;
  /**
   * Loads orders whose rows this transaction has already locked (the grace-period claim),
   * in one statement; ids without an order are left out.
   */
  findLocked(ids: readonly number[]): Promise<Order[]>;
  /** Stores a status move made on a loaded order, with its new history entries. */
  saveStatus(order: Order): Promise<void>;
  /** The same for several orders, in one statement. */
  saveStatuses(orders: readonly Order[]): Promise<void>;
  /** Stores the refunded amount of a loaded order (after `order.recordRefund`). */
  saveRefund(order: Order): Promise<void>;
}

/** Which slice of a list: page `index` (from 0) of `size` orders. */
export interface OrderPage {
  readonly index: number;
  readonly size: number;
}

/** The buyer's views, read outside any transaction. */
export interface OrderReaderPort {
  /** A page of the buyer's orders, newest first (by order date, then number). */
  listOfBuyer(buyerId: string, page: OrderPage): Promise<Order[]>;
  findOfBuyer(id: number, buyerId: string): Promise<Order | null>;
}

export const ORDER_READER = Symbol('ORDER_READER');
