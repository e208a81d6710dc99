import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { testEnv } from '@eshop/testing';

const COPY_HEADER = 'x-test-copy';
/** Marks a test's own poison messages: counted, never taken for events. */
export const POISON_HEADER = 'x-test-poison';

export interface TappedEvent {
  readonly name: string;
  readonly body: Record<string, unknown> & { id: string };
}

/**
 * What the tap sends again of each event it sees. `copies`: an exact copy (same message id,
 * body and headers), as a relay that died between the broker's confirm and marking its row
 * would. `copies-and-stale-prices`: also, after a ProductPriceChanged, the product's previous
 * one again (an older version after a newer one), as a reordering network would.
 */
export type Republish = 'none' | 'copies' | 'copies-and-stale-prices';

/**
 * Sees every message on the run's exchange (a queue bound to `#`); a test's own poison
 * (marked with POISON_HEADER) is only counted. It republishes as `republish` says; its own
 * copies carry a header and are never copied again, so nothing loops.
 */
export class EventTap {
  readonly seen: TappedEvent[] = [];
  /** The event name of every copy sent. */
  readonly copies: string[] = [];
  poisonSeen = 0;
  republish: Republish = 'none';
  private pending = 0;
  private readonly lastOf = new Map<number, ConsumeMessage>();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly exchange: string,
    private readonly queue: string,
  ) {}

  static async open(exchange: string, url = testEnv.rabbitmqUrl): Promise<EventTap> {
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

  get republished(): number {
    return this.copies.length;
  }

  /** The names of the events copied, each once, sorted. */
  copiedNames(): string[] {
    return [...new Set(this.copies)].sort();
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
    if (this.republish === 'none' || message.properties.headers?.[COPY_HEADER]) return;
    this.copy(message);
    if (this.republish !== 'copies-and-stale-prices' || name !== PRODUCT_PRICE_CHANGED) return;
    const productId = Number(body['productId']);
    const previous = this.lastOf.get(productId);
    if (previous) this.copy(previous);
    this.lastOf.set(productId, message);
  }

  private copy({ properties, fields, content }: ConsumeMessage): void {
    this.pending++;
    this.copies.push(String(properties.type));
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
