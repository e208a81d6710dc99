import type { Channel } from 'amqplib';

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

export async function declareServiceQueues(
  channel: Channel,
  queue: string,
  delaysMs: readonly number[],
): Promise<void> {
  await channel.assertQueue(queue, { durable: true });
  await channel.assertQueue(parkingQueueName(queue), { durable: true });
  for (const delay of new Set(delaysMs)) {
    await channel.assertQueue(retryQueueName(queue, delay), {
      durable: true,
      arguments: {
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
}
