import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';

const COPY_HEADER = 'x-test-copy';
/** Marks a test's own poison messages: counted, never taken for events. */
export const POISON_HEADER = 'x-test-poison';

export interface TappedEvent {
  readonly name: string;
  readonly body: Record<string, unknown> & { id: string };
}

/**
 * Sees every message on the run's exchange (a queue bound to `#`); a test's own poison
 * (marked with POISON_HEADER) is only counted. With `duplicate` on,
 * it also misbehaves like a broken network/relay: for every ProductPriceChanged it
 * re-publishes the same message (same id), then the product's previous event again
 * (an older version after a newer one). Its own copies carry a header and are not copied.
 */
export class EventTap {
  readonly seen: TappedEvent[] = [];
  poisonSeen = 0;
  republished = 0;
  private pending = 0;
  /** Turns the duplicating / reordering on or off. */
  duplicate = false;
  private readonly lastOf = new Map<number, ConsumeMessage>();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly exchange: string,
    private readonly queue: string,
  ) {}

  static async open(url: string, exchange: string): Promise<EventTap> {
    const connection = await connect(url);
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const queue = `${exchange}.tap`;
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, '#');
    const tap = new EventTap(connection, channel, exchange, queue);
    await channel.consume(queue, (message) => message && tap.see(message), { noAck: true });
    return tap;
  }

  /** Copies sent but not yet confirmed by the broker. */
  get inFlight(): number {
    return this.pending;
  }

  of(name: string, where: (body: TappedEvent['body']) => boolean = () => true): TappedEvent[] {
    return this.seen.filter((event) => event.name === name && where(event.body));
  }

  private see(message: ConsumeMessage): void {
    if (message.properties.headers?.[POISON_HEADER]) {
      this.poisonSeen++;
      return;
    }
    const name = String(message.properties.type ?? message.fields.routingKey);
    const body = JSON.parse(message.content.toString()) as TappedEvent['body'];
    this.seen.push({ name, body });
    if (!this.duplicate || name !== PRODUCT_PRICE_CHANGED || message.properties.headers?.[COPY_HEADER]) return;
    const productId = Number(body['productId']);
    const previous = this.lastOf.get(productId);
    this.copy(message);
    if (previous) this.copy(previous);
    this.lastOf.set(productId, message);
  }

  private copy({ properties, fields, content }: ConsumeMessage): void {
    this.pending++;
    this.republished++;
    const headers = { ...properties.headers, [COPY_HEADER]: 1 };
    const options = {
      messageId: String(properties.messageId),
      type: String(properties.type),
      contentType: String(properties.contentType),
      ...(properties.timestamp === undefined ? {} : { timestamp: Number(properties.timestamp) }),
      persistent: true,
      headers,
    };
    this.channel.publish(this.exchange, fields.routingKey, content, options, () => this.pending--);
  }

  async close(): Promise<void> {
    await this.channel.waitForConfirms().catch(() => undefined);
    await this.channel.deleteQueue(this.queue).catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
