import { BadRequestException, Controller, Get, Headers, HttpException, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { OrderStatusFeed, type OrderStatusSubscription } from '../application/order-status-feed';
import { StreamCapacityReachedError, TooManyBuyerStreamsError } from '../domain/order-events.errors';
import type { OrderStatusChange } from '../domain/order-status-change';
import { sessionOf } from './request-session';
import { SseStream, type SseStreamOptions, type StreamCredential } from './sse-stream';

/** Heartbeat, retry hint and slow-reader bound of the streams (from the config). */
export const ORDER_EVENTS_OPTIONS = Symbol('ORDER_EVENTS_OPTIONS');
export type OrderEventsOptions = SseStreamOptions;

/** Seconds a client refused for capacity is asked to wait. */
const CAPACITY_RETRY_AFTER_SECONDS = 5;

const eventId = z.uuid();

/**
 * `GET /api/orders/events`: the signed-in buyer's order status changes as server-sent events
 * (`text/event-stream`). Authenticated like every /api/orders route (session cookie or bearer
 * token, by the global guards: 401 otherwise); the buyer is the token's, never a parameter.
 * A `Last-Event-ID` (sent by the browser when it reconnects) replays what this instance still
 * holds after that id; an id it does not hold replays nothing (the storefront re-fetches on
 * open). A stream lasts no longer than what opened it: it ends when the access token expires,
 * and a browser session's stream ends at the first heartbeat after sign-out (the browser's
 * reconnect then gets its 401). Excluded from Swagger's scan: openapi.routes.ts lists it with
 * the other routes.
 */
@ApiExcludeController()
@Controller('api/orders/events')
export class OrderEventsController {
  constructor(
    @Inject(OrderStatusFeed) private readonly feed: OrderStatusFeed,
    @Inject(ORDER_EVENTS_OPTIONS) private readonly options: OrderEventsOptions,
  ) {}

  @Get()
  stream(
    @CurrentBuyer() buyer: Buyer,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const resumeFrom = parseLastEventId(lastEventId);
    const stream = new SseStream(reply.raw, this.options);
    const subscription = this.subscribe(buyer.id, resumeFrom, stream, reply);
    stream.onEnd(subscription.close);
    // From here on the response is ours: Fastify neither serializes nor ends it.
    reply.hijack();
    stream.open(reply.getHeaders(), credentialOf(request));
    for (const change of subscription.missed) stream.send(change.eventId, toMessage(change));
  }

  private subscribe(buyerId: string, resumeFrom: string | undefined, stream: SseStream, reply: FastifyReply): OrderStatusSubscription {
    try {
      return this.feed.subscribe(buyerId, resumeFrom, {
        onChange: (change) => stream.send(change.eventId, toMessage(change)),
        onEnd: () => stream.end(),
      });
    } catch (error) {
      if (error instanceof TooManyBuyerStreamsError) throw new HttpException(error.message, HttpStatus.TOO_MANY_REQUESTS);
      if (error instanceof StreamCapacityReachedError) void reply.header('retry-after', String(CAPACITY_RETRY_AFTER_SECONDS));
      throw error;
    }
  }
}

/** What bounds the stream: the token's `exp` (verified by the guard before this runs), and the session if one authorised it. */
function credentialOf(request: FastifyRequest): StreamCredential {
  const session = sessionOf(request.raw);
  return { expiresAt: tokenExpiry(request.headers.authorization), stillValid: session ? () => session.stillSignedIn() : undefined };
}

/** The `exp` of a bearer JWT, in epoch ms (the payload is read, not checked again: the guard verified this token). */
function tokenExpiry(authorization: string | undefined): number | undefined {
  const payload = authorization?.split(' ')[1]?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1_000 : undefined;
  } catch {
    return undefined;
  }
}

/** Absent or empty: a first connect. Otherwise it must be one of our ids (a uuid). */
function parseLastEventId(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!eventId.safeParse(value).success) throw new BadRequestException('Last-Event-ID: must be an event id (a uuid) sent by this stream');
  return value;
}

/** The SSE message body the storefront reads (docs: ui contract, "Orders"). */
function toMessage(change: OrderStatusChange) {
  return { orderId: change.orderId, status: change.status, buyerId: change.buyerId, occurredAt: change.occurredAt };
}
