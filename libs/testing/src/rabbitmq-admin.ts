import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { subscriberQueues } from '@eshop/contracts';
import { testEnv } from './env';

/**
 * A side connection for tests: inspect queues, fetch messages, and delete everything a
 * test declared (queues and exchanges are named per run, so runs never collide).
 */
export class RabbitMqTestAdmin {
  private constructor(private readonly connection: ChannelModel) {}

  static async open(url = testEnv.rabbitmqUrl): Promise<RabbitMqTestAdmin> {
    const connection = await connect(url);
    connection.on('error', () => undefined);
    return new RabbitMqTestAdmin(connection);
  }

  /** Runs `work` on a fresh channel: a 404 from a check kills only that channel. */
  private async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async messageCount(queue: string): Promise<number> {
    return this.withChannel(async (channel) => (await channel.checkQueue(queue)).messageCount);
  }

  /** Takes every message currently in `queue` (acking them). */
  async drain(queue: string): Promise<GetMessage[]> {
    return this.withChannel(async (channel) => {
      const messages: GetMessage[] = [];
      for (;;) {
        const message = await channel.get(queue, { noAck: true });
        if (!message) return messages;
        messages.push(message);
      }
    });
  }

  async publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer | string,
    options: Parameters<Channel['publish']>[3] = {},
  ): Promise<void> {
    const confirm = await this.connection.createConfirmChannel();
    confirm.on('error', () => undefined);
    confirm.publish(exchange, routingKey, Buffer.from(content), { persistent: true, ...options });
    await confirm.waitForConfirms();
    await confirm.close();
  }

  async deleteQueues(...queues: string[]): Promise<void> {
    for (const queue of queues) {
      await this.withChannel((channel) => channel.deleteQueue(queue)).catch(() => undefined);
    }
  }

  /** Deletes the service queue with its parking and retry queues. */
  async deleteServiceQueues(queue: string, retryDelaysMs: readonly number[]): Promise<void> {
    await this.deleteQueues(queue, `${queue}.parking`, ...retryDelaysMs.map((d) => `${queue}.retry.${d}`));
  }

  /**
   * Deletes the exchange and the contract's service queues named after it
   * (`<exchange>.<service>` and its parking queue), which a publisher of this run may have
   * declared for its subscribers.
   */
  async deleteExchange(exchange: string): Promise<void> {
    await this.withChannel((channel) => channel.deleteExchange(exchange)).catch(() => undefined);
    const queues = subscriberQueues().map(({ service }) => `${exchange}.${service}`);
    await this.deleteQueues(...queues, ...queues.map((queue) => `${queue}.parking`));
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
