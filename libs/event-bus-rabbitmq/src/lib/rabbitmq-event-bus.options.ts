import type { EventMap, EventSchemaRegistry } from '@eshop/event-bus';
import { silentLogger, type StructuredLogger } from '@eshop/logger';
import type { QueueType, SubscriberQueue } from './topology';

/** Hooks for metrics: what the bus published and how each delivery ended. */
export interface BusObserver {
  published(eventName: string): void;
  consumed(eventName: string, outcome: 'ack' | 'retry' | 'park'): void;
}

export interface RetryOptions {
  /** Retries after the first failed attempt; then the message is parked. */
  readonly maxRetries: number;
  /** Delay before the first retry; each following retry waits `multiplier` times longer. */
  readonly initialDelayMs: number;
  readonly multiplier: number;
}

export interface RabbitMqEventBusOptions<M extends EventMap> {
  readonly url: string;
  readonly registry: EventSchemaRegistry<M>;
  /** Topic exchange all events go through (contract: `eshop.events`). */
  readonly exchange?: string;
  /** The consuming service's queue (contract: the service name). Omit for publish-only. */
  readonly queue?: string;
  /** Quorum (replicated; default) or classic service queues; retry and parking queues match. */
  readonly queueType?: QueueType;
  /** Quorum only: unacked redeliveries of one message before the broker parks it. */
  readonly deliveryLimit?: number;
  /**
   * Names this process' broadcast parking queue, `<broadcastName>.broadcast.parking`, where
   * broadcast deliveries that fail go (default: `queue`, else `connectionName`).
   */
  readonly broadcastName?: string;
  /** Other services' queues this publisher declares and binds at every connect (contract's subscriber table). */
  readonly subscriberQueues?: readonly SubscriberQueue[];
  /** Unacknowledged messages in flight per consumer. */
  readonly prefetch?: number;
  readonly retry?: Partial<RetryOptions>;
  /** How long `publish` waits for the broker's confirm before rejecting. */
  readonly publishTimeoutMs?: number;
  /** A handler still running after this is treated as failed (and retried). */
  readonly handlerTimeoutMs?: number;
  /** How long `close` waits for in-flight handlers. */
  readonly shutdownTimeoutMs?: number;
  readonly reconnect?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  readonly heartbeatSeconds?: number;
  /** Identifies the connection in the broker's management UI. */
  readonly connectionName?: string;
  readonly logger?: StructuredLogger;
  readonly observer?: BusObserver;
}

export type ResolvedOptions<M extends EventMap> = Required<
  Omit<RabbitMqEventBusOptions<M>, 'queue' | 'retry' | 'reconnect' | 'observer'>
> & {
  readonly queue: string | undefined;
  readonly retry: RetryOptions;
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly observer: BusObserver | undefined;
};

export function resolveOptions<M extends EventMap>(
  options: RabbitMqEventBusOptions<M>,
): ResolvedOptions<M> {
  return {
    url: options.url,
    registry: options.registry,
    exchange: options.exchange ?? 'eshop.events',
    queue: options.queue,
    prefetch: options.prefetch ?? 50,
    queueType: options.queueType ?? 'quorum',
    deliveryLimit: options.deliveryLimit ?? 10,
    subscriberQueues: options.subscriberQueues ?? [],
    retry: { maxRetries: 3, initialDelayMs: 1_000, multiplier: 5, ...options.retry },
    publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
    handlerTimeoutMs: options.handlerTimeoutMs ?? 30_000,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 15_000,
    reconnect: { initialDelayMs: 100, maxDelayMs: 5_000, ...options.reconnect },
    heartbeatSeconds: options.heartbeatSeconds ?? 10,
    connectionName: options.connectionName ?? options.queue ?? 'eshop-publisher',
    broadcastName: options.broadcastName ?? options.queue ?? options.connectionName ?? 'eshop-publisher',
    logger: options.logger ?? silentLogger,
    observer: options.observer,
  };
}

/** The growing delays between attempts: e.g. 1 s, 5 s, 25 s. */
export function retryDelays(retry: RetryOptions): number[] {
  return Array.from({ length: retry.maxRetries }, (_, i) =>
    Math.round(retry.initialDelayMs * retry.multiplier ** i),
  );
}
