import type { Message, Options } from 'amqplib';
import { HEADERS } from '@eshop/event-bus-rabbitmq';

/** What an operator needs to know about one parked message, read from what the bus wrote. */
export interface ParkedMessage {
  readonly messageId: string | undefined;
  readonly event: string;
  /** `x-attempt`: the handler attempt that failed last (1 = the first delivery). */
  readonly attempt: number;
  readonly reason: string;
  readonly error: string;
  readonly parkedAt: string | undefined;
  readonly parkedFrom: string | undefined;
  /**
   * Quorum queues count every return of a message (`x-delivery-count`); each browse of the
   * parking queue adds one. Shown so an operator sees it: harmless while the parking queue
   * has no delivery limit (see README).
   */
  readonly deliveryCount: number;
  readonly traceparent: string | undefined;
  /** The body, parsed when it is JSON (poison may not be); for `--json` output. */
  readonly payload: unknown;
}

/** Headers the broker owns (dead-lettering, quorum return counting): never sent back. */
const BROKER_HEADERS = [
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
  'x-delivery-count',
];

/** Stamped on a replayed message, so a message parked again shows it was replayed before. */
export const REPLAYED_AT_HEADER = 'x-replayed-at';

type Headers = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;

function wholeNumber(value: unknown, fallback: number): number {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** amqplib decodes an AMQP timestamp as `{ '!': 'timestamp', value: seconds }` or a number. */
function timestampToIso(value: unknown): string | undefined {
  const seconds =
    typeof value === 'number' ? value : typeof value === 'object' && value !== null && 'value' in value ? Number(value.value) : NaN;
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}

function firstDeath(headers: Headers): Readonly<Record<string, unknown>> | undefined {
  const deaths = headers['x-death'];
  const first: unknown = Array.isArray(deaths) ? deaths[0] : undefined;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

/**
 * Two writers park messages: the bus (a failed or poison delivery: `x-parked-*` headers) and
 * the broker (a quorum service queue's delivery limit, i.e. a message that kept killing its
 * consumer: dead-lettered with `x-death` and no reason of ours). Both are read here.
 */
function parkedDetails(headers: Headers): Pick<ParkedMessage, 'reason' | 'error' | 'parkedAt' | 'parkedFrom'> {
  const reason = text(headers[HEADERS.parkedReason]);
  if (reason !== undefined) {
    return {
      reason,
      error: text(headers[HEADERS.parkedError]) ?? reason,
      parkedAt: text(headers[HEADERS.parkedAt]),
      parkedFrom: text(headers[HEADERS.parkedFrom]),
    };
  }
  const death = firstDeath(headers);
  const brokerReason = text(headers['x-first-death-reason']) ?? text(death?.['reason']);
  return {
    reason: brokerReason ? `dead-lettered by the broker: ${brokerReason}` : 'unknown (no parking headers)',
    error: text(headers[HEADERS.lastError]) ?? (brokerReason === 'delivery_limit' ? 'redelivered past the delivery limit without an ack' : '-'),
    parkedAt: timestampToIso(death?.['time']),
    parkedFrom: text(headers['x-first-death-queue']) ?? text(death?.['queue']),
  };
}

function parsePayload(content: Buffer): unknown {
  const body = content.toString('utf8');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

export function describeParked(message: Message): ParkedMessage {
  const headers: Headers = message.properties.headers ?? {};
  return {
    messageId: text(message.properties.messageId),
    event: text(message.properties.type) ?? message.fields.routingKey,
    attempt: Math.max(1, wholeNumber(headers[HEADERS.attempt], 1)),
    ...parkedDetails(headers),
    deliveryCount: wholeNumber(headers['x-delivery-count'], 0),
    traceparent: text(headers[HEADERS.traceparent]),
    payload: parsePayload(message.content),
  };
}

/**
 * The properties of the replayed copy: the original's identity, type and trace, attempt 1 as
 * a fresh delivery, without the parking and broker headers (a message parked again gets new
 * ones). `mandatory` makes an unroutable copy come back instead of vanishing silently.
 */
export function replayProperties(message: Message, now: Date): Options.Publish {
  const p = message.properties;
  const headers: Record<string, unknown> = { ...p.headers };
  const stale: readonly string[] = [...BROKER_HEADERS, HEADERS.lastError, HEADERS.parkedReason, HEADERS.parkedError, HEADERS.parkedAt, HEADERS.parkedFrom];
  for (const name of stale) delete headers[name];
  headers[HEADERS.attempt] = 1;
  headers[REPLAYED_AT_HEADER] = now.toISOString();
  const copied: Options.Publish = {};
  // userId is checked against the publishing connection's user and expiration would start a
  // TTL the bus never set: neither is copied.
  for (const key of ['messageId', 'type', 'contentType', 'contentEncoding', 'correlationId', 'appId', 'timestamp', 'priority', 'replyTo'] as const) {
    const value: unknown = p[key];
    if (value !== undefined && value !== null) Object.assign(copied, { [key]: value });
  }
  return { ...copied, headers, persistent: true, mandatory: true };
}
