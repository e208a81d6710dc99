import { traceOutboxWrite } from '@eshop/tracing';
import type { EntityManager } from 'typeorm';
import { isTraceparent, newTraceparent, type IntegrationEvent } from '@eshop/event-bus';
import { OutboxNotInTransactionError } from './outbox.errors';
import type { OutboxMessage } from './outbox.types';

const OUTBOX_COLUMNS = 'event_id, event_name, payload, traceparent, created_at';

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
    await this.writeWith(message, (row) =>
      manager.query(`INSERT INTO integration_event_log (${OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [...row.values]),
    );
  }

  /**
   * For a writer that stores the row in the SAME statement as its business change, e.g. with
   * `outboxInsertSelect` after an UPDATE in a CTE: one round trip, atomic without an explicit
   * transaction (a statement is all or nothing). Validates `message` as `saveEvent` does and
   * hands `write` the row, inside the same span; `write` stores it with the change or not at all.
   */
  async writeWith<T>(message: OutboxMessage, write: (row: OutboxRow) => Promise<T>): Promise<T> {
    const event = this.schemas ? this.schemas.parse(message.name, message.event) : message.event;
    // A span in the business transaction (with tracing on); the row keeps its traceparent so
    // the relay's publish continues this trace later.
    return traceOutboxWrite({ name: message.name, eventId: event.id, traceparent: message.traceparent }, (spanTraceparent) => {
      const traceparent = spanTraceparent ?? (isTraceparent(message.traceparent) ? message.traceparent : newTraceparent());
      return write({ values: [event.id, message.name, JSON.stringify(event), traceparent, event.creationDate] });
    });
  }
}

/** An outbox row, validated and serialised: its values in the order `outboxInsertSelect` binds them. */
export interface OutboxRow {
  readonly values: readonly [eventId: string, name: string, payload: string, traceparent: string, createdAt: string];
}

/**
 * `INSERT INTO integration_event_log (…) SELECT $first…$first+4 FROM <from>`: the outbox row
 * stored by the statement that makes the business change, once per row of `from` (a CTE that
 * updated the changed row: no row updated, no event). Bind `OutboxRow.values` from `$first`.
 */
export function outboxInsertSelect(first: number, from: string): string {
  const [id, name, payload, traceparent, createdAt] = [0, 1, 2, 3, 4].map((offset) => `$${first + offset}`);
  return `INSERT INTO integration_event_log (${OUTBOX_COLUMNS})
    SELECT ${id}::uuid, ${name}::text, ${payload}::jsonb, ${traceparent}::text, ${createdAt}::timestamptz FROM ${from}`;
}
