import type { OutboxMessage } from '@eshop/outbox';
import type { ClientRequestRepositoryPort } from './client-request-repository.port';
import type { GracePeriodRepositoryPort } from './grace-period-repository.port';
import type { OrderRepositoryPort } from './order-repository.port';

/** What a use case may touch inside one database transaction. */
export interface OrderingTransaction {
  readonly orders: OrderRepositoryPort;
  readonly requests: ClientRequestRepositoryPort;
  readonly gracePeriods: GracePeriodRepositoryPort;
  /** Writes events to the outbox: they are published only if the transaction commits. */
  saveEvents(messages: readonly OutboxMessage[]): Promise<void>;
}

/** The consumer and the event that `runOnce` records as handled. */
export interface HandledEvent {
  /** The handler's name: two handlers of one event keep apart. */
  readonly consumer: string;
  readonly eventId: string;
  readonly eventName: string;
}

export type HandledOnce<T> = { readonly handled: true; readonly result: T } | { readonly handled: false };

/**
 * One database transaction around a use case's work: the order change, its outbox events
 * and (for an integration event) the handled-event record commit together or not at all.
 */
export interface UnitOfWorkPort {
  run<T>(work: (tx: OrderingTransaction) => Promise<T>): Promise<T>;
  /**
   * The idempotent consumer: records the event as handled and does the work, in one
   * transaction. An event handled before (or being handled right now elsewhere, which is
   * waited for) does nothing and answers `handled: false`; a failed work leaves no record.
   */
  runOnce<T>(event: HandledEvent, work: (tx: OrderingTransaction) => Promise<T>): Promise<HandledOnce<T>>;
}

export const UNIT_OF_WORK = Symbol('UNIT_OF_WORK');
