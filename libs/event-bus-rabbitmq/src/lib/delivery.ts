import type { ConsumeMessage } from 'amqplib';
import type {
  DeliveryContext,
  EventMap,
  EventSchemaRegistry,
  IntegrationEventHandler,
} from '@eshop/event-bus';
import { isTraceparent } from '@eshop/event-bus';
import { HandlerTimeoutError } from './event-bus.errors';
import { HEADERS, readAttempt } from './message-headers';

/** What to do with a delivery once its handlers ran (or could not run). */
export type Verdict =
  | { readonly kind: 'ack' }
  | { readonly kind: 'retry'; readonly attempt: number; readonly delayMs: number; readonly error: unknown }
  | { readonly kind: 'park'; readonly reason: string; readonly error: unknown };

export interface DeliveryRules<M extends EventMap> {
  readonly registry: EventSchemaRegistry<M>;
  readonly handlersFor: (eventName: string) => ReadonlyArray<IntegrationEventHandler<never>>;
  readonly delaysMs: readonly number[];
  readonly handlerTimeoutMs: number;
}

/**
 * Decides the fate of one delivery: poison (unparsable, unknown or schema-invalid, no
 * handler) is parked at once; a handler failure is retried after the next delay, and
 * parked when the delays are used up; success is acked.
 */
export async function runDelivery<M extends EventMap>(
  message: ConsumeMessage,
  rules: DeliveryRules<M>,
): Promise<Verdict> {
  const eventName = message.properties.type ?? message.fields.routingKey;
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch (error) {
    return { kind: 'park', reason: 'unparsable JSON', error };
  }
  if (!rules.registry.has(eventName)) {
    return { kind: 'park', reason: `unknown event ${eventName}`, error: undefined };
  }
  let event: M[typeof eventName];
  try {
    event = rules.registry.parse(eventName, body);
  } catch (error) {
    return { kind: 'park', reason: 'schema-invalid', error };
  }
  const handlers = rules.handlersFor(eventName);
  if (handlers.length === 0) {
    return { kind: 'park', reason: `no handler subscribed for ${eventName}`, error: undefined };
  }
  const headers = message.properties.headers;
  const traceparent = headers?.[HEADERS.traceparent];
  const context: DeliveryContext = {
    eventName,
    messageId: String(message.properties.messageId ?? event.id),
    attempt: readAttempt(headers),
    redelivered: message.fields.redelivered,
    ...(isTraceparent(traceparent) ? { traceparent } : {}),
  };
  try {
    for (const handler of handlers) {
      await withTimeout(
        (handler as IntegrationEventHandler<typeof event>)(event, context),
        rules.handlerTimeoutMs,
        eventName,
      );
    }
    return { kind: 'ack' };
  } catch (error) {
    const delayMs = rules.delaysMs[context.attempt - 1];
    if (delayMs === undefined) {
      return { kind: 'park', reason: `handler failed ${context.attempt} times`, error };
    }
    return { kind: 'retry', attempt: context.attempt + 1, delayMs, error };
  }
}

async function withTimeout(work: Promise<void>, timeoutMs: number, eventName: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HandlerTimeoutError(eventName, timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
