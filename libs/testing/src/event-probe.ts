import { connect, type Channel, type ChannelModel } from 'amqplib';
import { waitFor } from './wait-for';

export interface SeenEvent {
  readonly name: string;
  readonly messageId: string;
  readonly body: Record<string, unknown> & { id: string };
}

/**
 * Sees every event published on a test exchange: a queue bound to `#`, consumed into memory.
 * Lets a test assert what a service published (names, payloads, how many of each).
 */
export class EventProbe {
  readonly seen: SeenEvent[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly queue: string,
  ) {}

  static async open(url: string, exchange: string): Promise<EventProbe> {
    const connection = await connect(url);
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const queue = `${exchange}.probe`;
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, exchange, '#');
    const probe = new EventProbe(connection, channel, queue);
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        probe.seen.push({
          name: String(message.properties.type ?? message.fields.routingKey),
          messageId: String(message.properties.messageId),
          body: JSON.parse(message.content.toString()) as SeenEvent['body'],
        });
      },
      { noAck: true },
    );
    return probe;
  }

  of(name: string, where: (body: SeenEvent['body']) => boolean = () => true): SeenEvent[] {
    return this.seen.filter((event) => event.name === name && where(event.body));
  }

  /** Waits for the first event of `name` that matches. */
  async next(name: string, where: (body: SeenEvent['body']) => boolean, what = name): Promise<SeenEvent> {
    return waitFor(() => this.of(name, where)[0], what, 15_000);
  }

  async close(): Promise<void> {
    await this.channel.deleteQueue(this.queue);
    await this.connection.close();
  }
}
