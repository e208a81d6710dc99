import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { confirmPublish } from './confirm-publish';
import { EventBusUnavailableError } from './event-bus.errors';
import type { StructuredLogger } from '@eshop/logger';
import { declareExchange } from './topology';

/**
 * Owns the publishing confirm channel. A channel-level error (e.g. the exchange was
 * deleted: 404) closes only this channel: its pending publishes reject, and the next
 * publish opens a fresh channel and re-declares the exchange.
 */
export class ChannelPublisher {
  private connection: ChannelModel | undefined;
  private channel: Promise<ConfirmChannel> | undefined;
  /** The channel once open: the hot path publishes on it without awaiting or timing the open. */
  private ready: ConfirmChannel | undefined;

  constructor(
    private readonly exchange: string,
    private readonly timeoutMs: number,
    private readonly logger: StructuredLogger,
  ) {}

  attach(connection: ChannelModel): Promise<void> {
    this.connection = connection;
    this.channel = undefined;
    return this.open().then(() => undefined);
  }

  detach(): void {
    this.connection = undefined;
    this.channel = undefined;
    this.ready = undefined;
  }

  async closeChannel(): Promise<void> {
    const channel = this.channel;
    this.detach();
    if (channel) await (await channel.catch(() => undefined))?.close().catch(() => undefined);
  }

  /** The timeout covers the whole publish, opening a channel included (the outbox relay relies on the bound). */
  async publish(routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    const ready = this.ready;
    if (ready) return confirmPublish(ready, this.exchange, routingKey, content, options, this.timeoutMs);
    const started = Date.now();
    const channel = await withTimeout(this.open(), this.timeoutMs, 'no publish channel');
    const left = Math.max(1, this.timeoutMs - (Date.now() - started));
    await confirmPublish(channel, this.exchange, routingKey, content, options, left);
  }

  private open(): Promise<ConfirmChannel> {
    const connection = this.connection;
    if (!connection) return Promise.reject(new EventBusUnavailableError());
    if (!this.channel) {
      const opening: Promise<ConfirmChannel> = this.create(connection).then((channel) => {
        channel.on('close', () => {
          if (this.channel === opening) this.channel = undefined;
          if (this.ready === channel) this.ready = undefined;
        });
        if (this.channel === opening) this.ready = channel;
        return channel;
      });
      this.channel = opening;
      opening.catch(() => {
        if (this.channel === opening) this.channel = undefined;
      });
    }
    return this.channel;
  }

  private async create(connection: ChannelModel): Promise<ConfirmChannel> {
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'publish channel error'),
    );
    await declareExchange(channel, this.exchange);
    return channel;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
