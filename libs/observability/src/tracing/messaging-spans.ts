import {
  INVALID_SPAN_CONTEXT,
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type SpanContext,
  type Span,
} from '@opentelemetry/api';
import { eshopTracer, recordFailure, withSpan } from './spans';
import { activeSpanContext, currentTraceparent, formatTraceparent, hasValidIds, spanContextFromTraceparent } from './traceparent';
import { followsParentSampling, isTracingEnabled } from './start-tracing';

/**
 * With tracing off (no SDK), the hot paths — every delivery, every relayed row — call straight
 * through: no context juggling and no non-recording spans, so the bus costs what it did.
 */
const NOT_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Our spans around the asynchronous hop (docs/patterns/observability.md, "Trace shape"):
 *
 *   HTTP PUT (catalog) ─ outbox write <Event>            (INTERNAL, in the business transaction)
 *                          └ publish <Event>            (PRODUCER, the relay; parent = the row's traceparent,
 *                              │                          link → the relay's "outbox relay batch" span)
 *                              └ process <Event>        (CONSUMER, basket-api: event id, name, attempt, outcome)
 *                                  └ Redis / DB / HTTP calls of the handler
 *
 * The W3C context is the one source of truth, carried by the bus' own `traceparent` header:
 * the PRODUCER span's context goes into it, and the delivery's CONSUMER span is its child.
 * (@opentelemetry/instrumentation-amqplib is not used: it would add a publish and a consume
 * span per message around ours and cost, sampled or not, about 2.5 × amqplib's own CPU.)
 * With tracing off nothing here records anything and the header travels as before.
 */

/**
 * True when `parent` (a valid span context, or none) is unsampled and the sampler follows
 * the parent: a span of ours would not record, so the helpers run `fn` in the parent's
 * context without one. The trace ids still flow (flag 00), as the W3C context requires.
 */
function unsampled(parent: SpanContext | undefined): parent is SpanContext {
  return parent !== undefined && (parent.traceFlags & TraceFlags.SAMPLED) === 0 && followsParentSampling();
}

/**
 * The parent of a span of ours: the active span when there is one, else the remote span
 * `traceparent` names (a delivery's header, a row's column), else none; with its context.
 */
function parentOf(active: Context, traceparent: unknown): { readonly context: Context; readonly span: SpanContext | undefined } {
  const own = activeSpanContext(active);
  if (own) return { context: active, span: own };
  const remote = spanContextFromTraceparent(traceparent);
  return remote ? { context: trace.setSpanContext(active, remote), span: remote } : { context: active, span: undefined };
}

/** Runs `fn` with `parent` active (without a context switch when it already is). */
function within<T>(parent: Context, active: Context, fn: () => T): T {
  return parent === active ? fn() : context.with(parent, fn);
}

/** Attribute names of our messaging spans (OpenTelemetry messaging conventions + ours). */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  operation: 'messaging.operation.type',
  messageId: 'messaging.message.id',
  eventName: 'eshop.event.name',
  eventId: 'eshop.event.id',
  attempt: 'eshop.delivery.attempt',
  outcome: 'eshop.delivery.outcome',
  batchSize: 'eshop.outbox.batch_size',
} as const;

const A = MESSAGING_ATTRIBUTES;

/** The exchange every event goes through (contract, architecture.md §3). */
const EXCHANGE = 'eshop.events';

export interface OutboxWriteInfo {
  readonly name: string;
  readonly eventId: string;
  /** A traceparent the caller was handed explicitly (e.g. a delivery's); used only outside any active span. */
  readonly traceparent?: string | undefined;
}

/**
 * Wraps the outbox INSERT in an `outbox write <Event>` span, child of the active span (the
 * HTTP request or the handler running the business transaction). `fn` receives the
 * traceparent to store in the row: this span's when tracing is on, else undefined (keep the
 * caller's or a new one, as the writer does today).
 */
export function traceOutboxWrite<T>(info: OutboxWriteInfo, fn: (traceparent: string | undefined) => Promise<T>): Promise<T> {
  if (!isTracingEnabled()) return fn(undefined);
  const active = context.active();
  const parent = parentOf(active, info.traceparent);
  if (unsampled(parent.span)) {
    const traceparent = formatTraceparent(parent.span);
    return within(parent.context, active, () => fn(traceparent));
  }
  return withSpan(
    `outbox write ${info.name}`,
    () => ({ [A.eventName]: info.name, [A.eventId]: info.eventId }),
    () => fn(currentTraceparent()),
    { kind: SpanKind.INTERNAL, parent: parent.context },
  );
}

/**
 * One `outbox relay batch` span (a root of its own trace: the rows of one batch come from
 * many traces) around the publishes of a claimed, non-empty batch. Publishes run inside it
 * link to it.
 */
export function traceRelayBatch<T>(batchSize: number, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!isTracingEnabled()) return fn(NOT_RECORDING);
  return withSpan('outbox relay batch', { [A.batchSize]: batchSize, ...attributes }, fn, {
    kind: SpanKind.INTERNAL,
    parent: trace.deleteSpan(context.active()),
  });
}

export interface RelayPublishInfo {
  readonly name: string;
  readonly eventId: string;
  /** The row's stored traceparent (the outbox write span). */
  readonly traceparent: string | null | undefined;
  /** The row's `attempts` column (publish attempts, this one included). */
  readonly attempts?: number;
}

/**
 * A `publish <Event>` PRODUCER span that continues the trace stored in the outbox row:
 * parent = the row's traceparent (so the price change is ONE trace in a viewer), with a
 * link to the relay batch span active around it (which rows went out together). `publish`
 * receives the traceparent for the message header: this span's with tracing on, else the
 * row's own, unchanged.
 */
export function traceRelayPublish(info: RelayPublishInfo, publish: (traceparent: string | undefined) => Promise<void>): Promise<void> {
  if (!isTracingEnabled()) return publish(info.traceparent ?? undefined);
  const rowParent = spanContextFromTraceparent(info.traceparent);
  if (unsampled(rowParent)) return publish(info.traceparent ?? undefined);
  const active = context.active();
  const batch = activeSpanContext(active);
  const links: Link[] = batch ? [{ context: batch }] : [];
  const base = trace.deleteSpan(active);
  const parent: Context = rowParent ? trace.setSpanContext(base, rowParent) : base;
  const attributes = (): Attributes => ({
    ...sendAttributes(info.name, info.eventId),
    ...(info.attempts === undefined ? {} : { 'eshop.outbox.attempts': info.attempts }),
  });
  return withProducerSpan(`publish ${info.name}`, attributes, parent, links, (traceparent) => publish(traceparent ?? info.traceparent ?? undefined));
}

const sendAttributes = (name: string, eventId: string): Attributes => ({
  [A.system]: 'rabbitmq',
  [A.destination]: EXCHANGE,
  [A.operation]: 'send',
  [A.messageId]: eventId,
  [A.eventName]: name,
  [A.eventId]: eventId,
});

/**
 * A PRODUCER span around one publish. Nothing runs below a publish but the send, and the
 * span's context reaches the consumer through the `traceparent` handed to `publish`, not
 * through the active context: no context switch, sampled or not (a root publish the sampler
 * drops still hands on its decision, flag 00). Not an async function: an unsampled publish
 * returns the send's own promise, with no promise of ours around it (each one costs the
 * context tracking's promise hooks and the microtask turns of adopting the inner promise).
 */
function withProducerSpan(
  name: string,
  attributes: () => Attributes,
  parent: Context,
  links: Link[],
  publish: (traceparent: string | undefined) => Promise<void>,
): Promise<void> {
  const span = eshopTracer().startSpan(name, { kind: SpanKind.PRODUCER, links }, parent);
  const spanContext = span.spanContext();
  const traceparent = hasValidIds(spanContext) ? formatTraceparent(spanContext) : undefined;
  if (!span.isRecording()) return publish(traceparent);
  span.setAttributes(attributes());
  return recordPublish(span, () => publish(traceparent));
}

async function recordPublish(span: Span, publish: () => Promise<void>): Promise<void> {
  try {
    await publish();
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Wraps a direct publish (not through the outbox: the bus calls it when it is handed no
 * traceparent) in a PRODUCER span, child of the active span or of `traceparent` when there
 * is none; `publish` receives the traceparent for the header (this span's with tracing on).
 */
export function tracePublish(
  name: string,
  eventId: string,
  traceparent: string | undefined,
  publish: (traceparent: string | undefined) => Promise<void>,
): Promise<void> {
  if (!isTracingEnabled()) return publish(traceparent);
  const parent = parentOf(context.active(), traceparent);
  if (unsampled(parent.span)) return publish(formatTraceparent(parent.span));
  return withProducerSpan(`publish ${name}`, () => sendAttributes(name, eventId), parent.context, [], (own) => publish(own ?? traceparent));
}

export type DeliveryOutcome = 'ack' | 'retry' | 'park';

export interface DeliveryTraceInfo {
  readonly eventName: string;
  readonly messageId: string | undefined;
  readonly attempt: number;
  readonly queue: string;
  readonly traceparent: string | undefined;
  readonly redelivered?: boolean;
}

/** What `traceDelivery` needs from an amqplib `ConsumeMessage` (structural: no amqplib import here). */
export interface ConsumedMessageLike {
  readonly fields: { readonly routingKey: string; readonly redelivered: boolean };
  readonly properties: {
    readonly messageId?: unknown;
    readonly type?: unknown;
    readonly headers?: Record<string, unknown> | undefined;
  };
}

/** The trace facts of one delivery, read from the message as the bus wrote it. */
export function deliveryTraceInfo(message: ConsumedMessageLike, queue: string): DeliveryTraceInfo {
  const headers = message.properties.headers ?? {};
  const attempt = Number(headers['x-attempt'] ?? 1);
  const traceparent = headers['traceparent'];
  return {
    eventName: typeof message.properties.type === 'string' ? message.properties.type : message.fields.routingKey,
    messageId: message.properties.messageId === undefined ? undefined : String(message.properties.messageId),
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    queue,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
    redelivered: message.fields.redelivered,
  };
}

/**
 * A `process <Event>` CONSUMER span around one delivery, from the moment it arrives to its
 * settlement. Parent: the active span when there is one, else the header's traceparent (the
 * PRODUCER span of the publish: the usual case). Set the outcome with
 * `setDeliveryOutcome` (or the `tracingBusObserver`) inside `fn`.
 */
export function traceDelivery<T>(info: DeliveryTraceInfo, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!isTracingEnabled()) return fn(NOT_RECORDING);
  const active = context.active();
  const parent = parentOf(active, info.traceparent);
  if (unsampled(parent.span)) return within(parent.context, active, () => fn(NOT_RECORDING));
  const attributes = (): Attributes => ({
    [A.system]: 'rabbitmq',
    [A.destination]: info.queue,
    [A.operation]: 'process',
    [A.eventName]: info.eventName,
    [A.attempt]: info.attempt,
    ...(info.messageId === undefined ? {} : { [A.messageId]: info.messageId, [A.eventId]: info.messageId }),
    ...(info.redelivered === undefined ? {} : { 'messaging.rabbitmq.redelivered': info.redelivered }),
  });
  return withSpan(`process ${info.eventName}`, attributes, fn, { kind: SpanKind.CONSUMER, parent: parent.context });
}

/** The verdict of a delivery as the consumer decides it (shape of event-bus-rabbitmq's `Verdict`). */
export interface VerdictLike {
  readonly kind: DeliveryOutcome;
  readonly error?: unknown;
  readonly reason?: string;
  readonly attempt?: number;
  readonly delayMs?: number;
}

/** Records how a delivery ended on its span: outcome attribute; handler errors and parking as failures. */
export function setDeliveryOutcome(span: Span, verdict: VerdictLike | DeliveryOutcome): void {
  const v: VerdictLike = typeof verdict === 'string' ? { kind: verdict } : verdict;
  span.setAttribute(A.outcome, v.kind);
  if (v.kind === 'ack') return;
  if (v.kind === 'retry') {
    span.addEvent('retry scheduled', {
      ...(v.attempt === undefined ? {} : { 'eshop.delivery.next_attempt': v.attempt }),
      ...(v.delayMs === undefined ? {} : { 'eshop.delivery.delay_ms': v.delayMs }),
    });
  } else if (v.reason !== undefined) {
    span.setAttribute('eshop.delivery.park_reason', v.reason);
  }
  if (v.error !== undefined) recordFailure(span, v.error);
  else span.setStatus({ code: SpanStatusCode.ERROR, message: v.reason ?? v.kind });
}

/** The hooks of event-bus-rabbitmq's `BusObserver` (same shape, declared here to keep this entry light). */
export interface BusObserverLike {
  published(eventName: string): void;
  consumed(eventName: string, outcome: DeliveryOutcome): void;
}

/**
 * A `BusObserver` that also stamps the outcome on the active delivery span (the bus calls
 * `consumed` while settling, inside `traceDelivery`), then forwards to `inner` (metrics).
 */
export function tracingBusObserver(inner?: BusObserverLike): BusObserverLike {
  return {
    published(eventName) {
      inner?.published(eventName);
    },
    consumed(eventName, outcome) {
      const span = trace.getActiveSpan();
      if (span?.isRecording()) span.setAttribute(A.outcome, outcome);
      inner?.consumed(eventName, outcome);
    },
  };
}

/** Runs `fn` with no active span (e.g. background loops that must not join a request's trace). */
export function outsideAnyTrace<T>(fn: () => T): T {
  return context.with(trace.deleteSpan(context.active()), fn);
}

export { eshopTracer };
