import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { testEnv } from './env';

/**
 * A side connection for tests: inspect queues, fetch messages, and delete everything a
 * test declared (queues and exchanges are named per run, so runs never collide).
 */
export class RabbitMqTestAdmin {
  private constructor(
    private readonly connection: ChannelModel,
    private channel: Channel,
  ) {}

  static async open(url = testEnv.rabbitmqUrl): Promise<RabbitMqTestAdmin> {
    const connection = await connect(url);
    connection.on('error', () => undefined);
    return new RabbitMqTestAdmin(connection, await connection.createChannel());
  }

  /** A channel that survives 404s: the previous one is replaced when a check killed it. */
  private async ch(): Promise<Channel> {
    try {
      await this.channel.checkExchange('amq.topic');
      return this.channel;
    } catch {
      this.channel = await this.connection.createChannel();
      return this.channel;
    }
  }

  async messageCount(queue: string): Promise<number> {
    return (await (await this.ch()).checkQueue(queue)).messageCount;
  }

  /** Takes every message currently in `queue` (acking them). */
  async drain(queue: string): Promise<GetMessage[]> {
    const channel = await this.ch();
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  }

  async publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer | string,
    options: Parameters<Channel['publish']>[3] = {},
  ): Promise<void> {
    const confirm = await this.connection.createConfirmChannel();
    confirm.publish(exchange, routingKey, Buffer.from(content), { persistent: true, ...options });
    await confirm.waitForConfirms();
    await confirm.close();
  }

  async deleteQueues(...queues: string[]): Promise<void> {
    for (const queue of queues) await (await this.ch()).deleteQueue(queue).catch(() => undefined);
  }

  /** Deletes the service queue with its parking and retry queues. */
  async deleteServiceQueues(queue: string, retryDelaysMs: readonly number[]): Promise<void> {
    await this.deleteQueues(queue, `${queue}.parking`, ...retryDelaysMs.map((d) => `${queue}.retry.${d}`));
  }

  async deleteExchange(exchange: string): Promise<void> {
    await (await this.ch()).deleteExchange(exchange).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
