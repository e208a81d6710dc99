import type { InboxOutcome, OutboxMessage } from '@eshop/outbox';
import type { Payment } from '../domain/payment-ledger';

/** The ledger: one row per order (docs/adr/0013-payment-ledger-and-refunds.md). */
export interface PaymentLedgerPort {
  /**
   * The order's payment, holding the order's lock until the transaction ends: StockConfirmed
   * and Cancelled of one order take turns, even before the order has a row.
   */
  findForUpdate(orderId: number): Promise<Payment | null>;
  /** Inserts or replaces the order's row. */
  save(payment: Payment): Promise<void>;
}

/** What a use case may touch inside one database transaction. */
export interface PaymentTransaction {
  readonly ledger: PaymentLedgerPort;
  /** Writes events to the outbox: they are published only if the transaction commits. */
  saveEvents(messages: readonly OutboxMessage[]): Promise<void>;
}

/** The consumer (the handler's name) and the event that `runOnce` records as handled. */
export interface HandledEvent {
  readonly consumer: string;
  readonly eventId: string;
  readonly eventName: string;
}

/**
 * The idempotent consumer around a use case: the handled-event record, the ledger row and the
 * outbox events commit together or not at all; an event handled before does nothing.
 */
export interface PaymentUnitOfWorkPort {
  runOnce<T>(event: HandledEvent, work: (tx: PaymentTransaction) => Promise<T>): Promise<InboxOutcome<T>>;
}

export const PAYMENT_UNIT_OF_WORK = Symbol('PAYMENT_UNIT_OF_WORK');
