import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';

const COPY_HEADER = 'x-test-copy';

/**
 * Delivers every event on the exchange twice: it sees each message (a queue bound to `#`)
 * and publishes an exact copy — same routing key, body, message id and headers — as a relay
 * that died between the broker's confirm and marking its row would. Its own copies (marked
 * with a header) it leaves alone, so each event is doubled once, not forever.
 */
export class EventDuplicator {
  /** Message id → event name of every event copied. */
  readonly copied = new Map<string, string>();
  private pending = 0;

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly exchange: string,
    private readonly queue: string,
  ) {}

  static async start(url: string, exchange: string): Promise<EventDuplicator> {
    const connection = await connect(url);
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const queue = `${exchange}.duplicator`;
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, '#');
    const duplicator = new EventDuplicator(connection, channel, exchange, queue);
    await channel.consume(queue, (message) => message && duplicator.copy(message), { noAck: true });
    return duplicator;
  }

  /** Copies consumed but not yet confirmed by the broker. */
  get inFlight(): number {
    return this.pending;
  }

  names(): string[] {
    return [...new Set(this.copied.values())].sort();
  }

  private copy(message: ConsumeMessage): void {
    const { properties, fields, content } = message;
    if (properties.headers?.[COPY_HEADER]) return;
    this.pending++;
    this.copied.set(String(properties.messageId), String(properties.type));
    this.channel.publish(this.exchange, fields.routingKey, content, {
      persistent: true,
      messageId: properties.messageId,
      type: properties.type,
      contentType: properties.contentType,
      timestamp: properties.timestamp,
      headers: { ...properties.headers, [COPY_HEADER]: 1 },
    }, () => this.pending--);
  }

  async stop(): Promise<void> {
    await this.channel.waitForConfirms();
    await this.channel.deleteQueue(this.queue);
    await this.connection.close();
  }
}
