import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IntegrationEventInbox, OutboxWriter, type OutboxMessage } from '@eshop/outbox';
import type {
  HandledEvent,
  HandledOnce,
  OrderingTransaction,
  UnitOfWorkPort,
} from '../application/unit-of-work.port';
import { ClientRequestRepository } from './client-request.repository';
import { GracePeriodRepository } from './grace-period.repository';
import { OrderRepository } from './order.repository';

/**
 * The unit of work on Postgres: one TypeORM transaction, and repositories bound to its
 * EntityManager, so that everything a use case writes (the order, the request id, the
 * outbox rows of @eshop/outbox, the inbox's handled-event record) commits as one.
 */
@Injectable()
export class TypeOrmUnitOfWork implements UnitOfWorkPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: IntegrationEventInbox,
    private readonly outbox: OutboxWriter,
  ) {}

  run<T>(work: (tx: OrderingTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(this.transaction(manager)));
  }

  runOnce<T>(event: HandledEvent, work: (tx: OrderingTransaction) => Promise<T>): Promise<HandledOnce<T>> {
    return this.inbox.handleOnce(event.consumer, { id: event.eventId }, event.eventName, (manager) =>
      work(this.transaction(manager)),
    );
  }

  private transaction(manager: EntityManager): OrderingTransaction {
    return {
      orders: new OrderRepository(manager),
      requests: new ClientRequestRepository(manager),
      gracePeriods: new GracePeriodRepository(manager),
      saveEvents: async (messages: readonly OutboxMessage[]) => {
        for (const message of messages) await this.outbox.saveEvent(message, manager);
      },
    };
  }
}
