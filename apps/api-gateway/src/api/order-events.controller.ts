import { BadRequestException, Controller, Get, Headers, HttpException, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { OrderStatusFeed, type OrderStatusSubscription } from '../application/order-status-feed';
import { StreamCapacityReachedError, TooManyBuyerStreamsError } from '../domain/order-events.errors';
import type { OrderStatusChange } from '../domain/order-status-change';
import { SseStream, type SseStreamOptions } from './sse-stream';

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
 * open). Excluded from Swagger's scan: openapi.routes.ts lists it with the other routes.
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
    @Res() reply: FastifyReply,
  ): void {
    const resumeFrom = parseLastEventId(lastEventId);
    const stream = new SseStream(reply.raw, this.options);
    const subscription = this.subscribe(buyer.id, resumeFrom, stream, reply);
    stream.onEnd(subscription.close);
    // From here on the response is ours: Fastify neither serializes nor ends it.
    reply.hijack();
    stream.open(reply.getHeaders());
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
