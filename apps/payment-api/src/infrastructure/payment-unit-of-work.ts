import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IntegrationEventInbox, OutboxWriter, type InboxOutcome, type OutboxMessage } from '@eshop/outbox';
import type { HandledEvent, PaymentTransaction, PaymentUnitOfWorkPort } from '../application/payment-unit-of-work.port';
import { PaymentLedgerRepository } from './payment-ledger.repository';

/**
 * One Postgres transaction per handled event: the inbox's handled-event record, the ledger
 * row and the outbox rows (@eshop/outbox) commit as one.
 */
@Injectable()
export class TypeOrmPaymentUnitOfWork implements PaymentUnitOfWorkPort {
  constructor(
    private readonly inbox: IntegrationEventInbox,
    private readonly outbox: OutboxWriter,
  ) {}

  runOnce<T>(event: HandledEvent, work: (tx: PaymentTransaction) => Promise<T>): Promise<InboxOutcome<T>> {
    return this.inbox.handleOnce(event.consumer, { id: event.eventId }, event.eventName, (manager) =>
      work(this.transaction(manager)),
    );
  }

  private transaction(manager: EntityManager): PaymentTransaction {
    return {
      ledger: new PaymentLedgerRepository(manager),
      saveEvents: async (messages: readonly OutboxMessage[]) => {
        for (const message of messages) await this.outbox.saveEvent(message, manager);
      },
    };
  }
}
