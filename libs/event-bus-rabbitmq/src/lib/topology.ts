import type { Channel, ChannelModel } from 'amqplib';
import type { StructuredLogger } from '@eshop/logger';

/**
 * Names and declarations of the broker topology (see docs/patterns/event-bus-topology.md):
 *
 *   eshop.events (topic) ──routing key = event name──▶ <queue>
 *   <queue>.retry.<ms>   TTL queue, dead-letters back to <queue> through the default exchange
 *   <queue>.parking      where messages that cannot or will not be handled wait for a human
 *
 * Every declaration is idempotent, so every instance declares it at every (re)connect.
 */
export const retryQueueName = (queue: string, delayMs: number): string =>
  `${queue}.retry.${delayMs}`;
export const parkingQueueName = (queue: string): string => `${queue}.parking`;

export async function declareExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

/** `quorum` (replicated, the default) or `classic`; a queue's type cannot change in place. */
export type QueueType = 'quorum' | 'classic';

export interface QueueShape {
  readonly type: QueueType;
  /**
   * Quorum only: deliveries of one message without an ack (its consumer died or its channel
   * closed each time) before the broker parks it. A failing handler never counts here: the bus
   * acks it and republishes a retry copy, so this catches only a message that kills consumers.
   */
  readonly deliveryLimit: number;
}

/** Arguments every queue of this shape gets; at-least-once dead-lettering needs reject-publish. */
function typeArguments(shape: QueueShape, deadLetterTo?: string): Record<string, unknown> {
  if (shape.type === 'classic') {
    return deadLetterTo ? { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterTo } : {};
  }
  return {
    'x-queue-type': 'quorum',
    ...(deadLetterTo
      ? {
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': deadLetterTo,
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
        }
      : {}),
  };
}

/** The service queue itself: a message redelivered past the limit goes to parking. */
export async function declareServiceQueue(channel: Channel, queue: string, shape: QueueShape): Promise<void> {
  const limit = shape.type === 'quorum' ? { 'x-delivery-limit': shape.deliveryLimit } : {};
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { ...typeArguments(shape, shape.type === 'quorum' ? parkingQueueName(queue) : undefined), ...limit },
  });
  await channel.assertQueue(parkingQueueName(queue), { durable: true, arguments: typeArguments(shape) });
}

export async function declareServiceQueues(
  channel: Channel,
  queue: string,
  delaysMs: readonly number[],
  shape: QueueShape,
): Promise<void> {
  await declareServiceQueue(channel, queue, shape);
  for (const delay of new Set(delaysMs)) {
    await channel.assertQueue(retryQueueName(queue, delay), {
      durable: true,
      arguments: { 'x-message-ttl': delay, ...typeArguments(shape, queue) },
    });
  }
}

/**
 * What a consumer consumes: how to declare its queue (at every attach) and where its failed
 * deliveries go. The service queue (competing consumers) and the broadcast queue (one per
 * instance) differ only here; the delivery path after it is one and the same.
 */
export interface ConsumedQueue {
  /** Stable name for logs, spans and `x-parked-from` (a broadcast queue's own name changes at every connect). */
  readonly name: string;
  readonly parkingQueue: string;
  /** Where a retry copy waits `delayMs`; none for a queue whose failures are parked at once. */
  readonly retryQueue?: (delayMs: number) => string;
  /** Declares the parking queue just before a first copy goes there, if `declare` did not. */
  readonly prepareParking?: (channel: Channel) => Promise<void>;
  /** Declares the queue (and its companions); resolves to the queue to bind and consume. */
  declare(channel: Channel): Promise<string>;
}

/** The service's durable queue, shared by its instances, with its retry and parking queues. */
export function serviceQueue(queue: string, delaysMs: readonly number[], shape: QueueShape): ConsumedQueue {
  return {
    name: queue,
    parkingQueue: parkingQueueName(queue),
    retryQueue: (delayMs) => retryQueueName(queue, delayMs),
    declare: async (channel) => {
      await declareServiceQueues(channel, queue, delaysMs, shape);
      return queue;
    },
  };
}

export const broadcastParkingQueueName = (name: string): string => `${name}.broadcast.parking`;

/**
 * This instance's broadcast queue: server-named, exclusive to the connection and deleted
 * with it (classic, not durable: it lives exactly as long as the instance is connected). It
 * has no retry queues: a delay queue would dead-letter into a queue that may be gone by
 * then. A failed delivery goes to the durable `<name>.broadcast.parking` (declared at the
 * first one), which outlives every instance (docs/patterns/event-bus-topology.md, "Broadcast vs competing consumers").
 */
export function broadcastQueue(name: string, shape: QueueShape): ConsumedQueue {
  const parkingQueue = broadcastParkingQueueName(name);
  return {
    name: `${name} (broadcast)`,
    parkingQueue,
    // Declared when first needed: a process that never parks leaves no durable queue behind.
    prepareParking: async (channel) => {
      await channel.assertQueue(parkingQueue, { durable: true, arguments: typeArguments(shape) });
    },
    declare: async (channel) => {
      const { queue } = await channel.assertQueue('', {
        exclusive: true,
        autoDelete: true,
        durable: false,
        arguments: { 'x-queue-type': 'classic' },
      });
      return queue;
    },
  };
}

/** A subscriber's queue (named after its service) and the events bound to it. */
export interface SubscriberQueue {
  readonly queue: string;
  readonly events: readonly string[];
}

/**
 * A publisher declares its subscribers' queues and bindings, so what it publishes before a
 * subscriber first starts is kept (an unbound topic exchange would drop it as unroutable).
 * Each queue on its own channel: one that exists with other arguments (e.g. still classic)
 * is logged and skipped, and never stops the publisher.
 */
export async function declareSubscriberQueues(
  connection: ChannelModel,
  exchange: string,
  queues: readonly SubscriberQueue[],
  shape: QueueShape,
  logger: StructuredLogger,
): Promise<void> {
  for (const { queue, events } of queues) {
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined); // reported through the rejected declaration below
      await declareServiceQueue(channel, queue, shape);
      for (const event of events) await channel.bindQueue(queue, exchange, event);
      await channel.close();
    } catch (error) {
      logger.warn({ queue, err: error instanceof Error ? error.message : String(error) }, 'could not declare a subscriber queue');
    }
  }
}
