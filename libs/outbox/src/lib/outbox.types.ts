import type { IntegrationEvent, PublishOptions } from '@eshop/event-bus';

/**
 * The life of an `integration_event_log` row:
 *
 *   not_published ──claim──▶ in_progress ──confirm──▶ published ──retention──▶ (deleted)
 *        ▲                      │  │
 *        └──── failure, backoff ┘  └── failure after maxAttempts ──▶ failed (operator)
 *
 * An `in_progress` row whose lease expired (its relay died) is claimable again.
 */
export const OUTBOX_STATES = ['not_published', 'in_progress', 'published', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The channel the outbox table's insert trigger notifies. */
export const OUTBOX_CHANNEL = 'integration_event_log';

/** What a service hands to the outbox: the wire name, the event, and its trace. */
export interface OutboxMessage<E extends IntegrationEvent = IntegrationEvent> {
  readonly name: string;
  readonly event: E;
  /** W3C trace context of the request that caused the event; restored at publish time. */
  readonly traceparent?: string;
}

/**
 * What the relay needs from an event bus: a publish that resolves only on the broker's
 * confirm, and does not check the schema again (the writer did, in the transaction).
 * `RabbitMqEventBus` satisfies it.
 */
export interface OutboxPublisher {
  publishValidated(name: string, event: IntegrationEvent, options?: PublishOptions): Promise<void>;
}

