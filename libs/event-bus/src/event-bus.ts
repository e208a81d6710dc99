import type { EventMap, EventName } from './integration-event';

/** What a handler learns about the delivery besides the event itself. */
export interface DeliveryContext {
  readonly eventName: string;
  /** The event id, which is also the transport's message id. */
  readonly messageId: string;
  /** 1 on the first delivery, then +1 for every retry after a handler failure. */
  readonly attempt: number;
  /** The transport delivered this message before (e.g. a consumer died before acking). */
  readonly redelivered: boolean;
  /** W3C trace context of the publisher, when it sent one. */
  readonly traceparent?: string;
}

/**
 * Handles one event. Resolving means "done, acknowledge"; rejecting means "retry later".
 * A handler may be called more than once for the same event: it must be idempotent.
 */
export type IntegrationEventHandler<E> = (event: E, context: DeliveryContext) => Promise<void>;

export interface PublishOptions {
  /** Trace context to carry; the bus starts a new trace when absent. */
  readonly traceparent?: string;
}

/**
 * The transport-free event bus. Implementations: `InMemoryEventBus` (unit tests) and the
 * RabbitMQ bus in libs/event-bus-rabbitmq.
 */
export interface EventBus<M extends EventMap> {
  /** Resolves once the transport has durably accepted the event; rejects otherwise. */
  publish<N extends EventName<M>>(name: N, event: M[N], options?: PublishOptions): Promise<void>;
  subscribe<N extends EventName<M>>(name: N, handler: IntegrationEventHandler<M[N]>): Promise<void>;
}
