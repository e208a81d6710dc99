import { traceOutboxWrite } from '@eshop/tracing';
import type { EntityManager } from 'typeorm';
import { isTraceparent, newTraceparent, type IntegrationEvent } from '@eshop/event-bus';
import { OutboxNotInTransactionError } from './outbox.errors';
import type { OutboxMessage } from './outbox.types';

/** Validates an event against the contract before it is stored; throws when invalid. */
export interface OutboxSchemaCheck {
  parse(name: string, data: unknown): IntegrationEvent;
}

/**
 * The write side of the outbox: stores an event in the caller's transaction, next to the
 * business change that caused it. Commit both or neither — that is the whole point.
 *
 * The event is validated against the contract here, so an event that could never be
 * published fails the business transaction instead of waiting forever in the table.
 */
export class OutboxWriter {
  constructor(private readonly schemas?: OutboxSchemaCheck) {}

  async saveEvent(message: OutboxMessage, manager: EntityManager): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxNotInTransactionError();
    const event = this.schemas ? this.schemas.parse(message.name, message.event) : message.event;
    // A span in the business transaction (with tracing on); the row keeps its traceparent so
    // the relay's publish continues this trace later.
    await traceOutboxWrite({ name: message.name, eventId: event.id, traceparent: message.traceparent }, async (spanTraceparent) => {
      const traceparent = spanTraceparent ?? (isTraceparent(message.traceparent) ? message.traceparent : newTraceparent());
      await manager.query(
        `INSERT INTO integration_event_log (event_id, event_name, payload, traceparent, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [event.id, message.name, JSON.stringify(event), traceparent, event.creationDate],
      );
    });
  }
}
