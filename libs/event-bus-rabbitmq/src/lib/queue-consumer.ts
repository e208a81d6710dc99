import { deliveryTraceInfo, setDeliveryOutcome, traceDelivery } from '@eshop/tracing';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { EventMap } from '@eshop/event-bus';
import { confirmPublish } from './confirm-publish';
import { runDelivery, type DeliveryRules, type Verdict } from './delivery';
import { HEADERS, describeError, withoutBrokerHeaders } from './message-headers';
import type { StructuredLogger } from '@eshop/logger';
import type { BusObserver } from './rabbitmq-event-bus.options';
import { declareExchange, type ConsumedQueue } from './topology';

export interface QueueConsumerOptions<M extends EventMap> extends DeliveryRules<M> {
  readonly exchange: string;
  /** The service queue or this instance's broadcast queue (topology.ts). */
  readonly consumed: ConsumedQueue;
  readonly prefetch: number;
  readonly observer: BusObserver | undefined;
  readonly publishTimeoutMs: number;
  readonly logger: StructuredLogger;
  /** Event names currently subscribed: bound at every (re)attach. */
  readonly subscribedNames: () => Iterable<string>;
}

/**
 * Owns the consuming channel of one queue (the service queue, or an instance's broadcast
 * queue): declares the queue, its retry and parking queues and its bindings; consumes with
 * manual ack and a prefetch limit; settles each delivery only after its retry or parking copy
 * was confirmed, so a crash at any point leaves the message in some queue (at worst twice,
 * never zero times; a broadcast queue dies with its connection, see topology.ts).
 */
export class QueueConsumer<M extends EventMap> {
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  /** The queue as declared on the current channel (a broadcast queue gets a new name each time). */
  private queue: string | undefined;
  private wanted = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: QueueConsumerOptions<M>) {}

  get isConsuming(): boolean {
    return this.consumerTag !== undefined;
  }

  /** The queue consumed now, while attached. */
  get currentQueue(): string | undefined {
    return this.channel ? this.queue : undefined;
  }

  async attach(connection: ChannelModel): Promise<void> {
    const { exchange, consumed, prefetch, logger } = this.options;
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => logger.warn({ err: error.message }, 'consumer channel error'));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.consumerTag = undefined;
      // The channel died under a live connection (a protocol error): start over on it.
      if (this.wanted) setTimeout(() => void this.reattach(connection), 100);
    });
    await declareExchange(channel, exchange);
    const queue = await consumed.declare(channel);
    for (const name of this.options.subscribedNames()) {
      await channel.bindQueue(queue, exchange, name);
    }
    await channel.prefetch(prefetch);
    this.queue = queue;
    this.channel = channel;
    if (this.wanted) await this.consume(channel);
  }

  detach(): void {
    this.channel = undefined;
    this.consumerTag = undefined;
  }

  async bind(eventName: string): Promise<void> {
    if (this.channel && this.queue) await this.channel.bindQueue(this.queue, this.options.exchange, eventName);
  }

  async start(): Promise<void> {
    this.wanted = true;
    if (this.channel && !this.consumerTag) await this.consume(this.channel);
  }

  /** Stops taking deliveries and waits (bounded) for the handlers already running. */
  async stop(timeoutMs: number): Promise<void> {
    this.wanted = false;
    const channel = this.channel;
    const tag = this.consumerTag;
    this.consumerTag = undefined;
    if (channel && tag) await channel.cancel(tag).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
  }

  /**
   * Closes the channel politely. amqplib queues channel frames behind the connection's own,
   * so closing the connection right after an ack can lose the ack; the channel's close
   * handshake flushes it first.
   */
  async closeChannel(): Promise<void> {
    this.wanted = false;
    const channel = this.channel;
    this.detach();
    if (channel) await channel.close().catch(() => undefined);
  }

  private async reattach(connection: ChannelModel): Promise<void> {
    if (this.channel || !this.wanted) return;
    await this.attach(connection).catch((error: unknown) =>
      this.options.logger.error({ err: describeError(error) }, 'consumer re-attach failed'),
    );
  }

  private async consume(channel: ConfirmChannel): Promise<void> {
    if (!this.queue) return;
    const { consumerTag } = await channel.consume(
      this.queue,
      (message) => {
        if (!message) return; // cancelled by the broker (queue deleted); close handler restarts
        const work = this.handle(channel, message);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
      { noAck: false },
    );
    this.consumerTag = consumerTag;
  }

  /** One delivery in one span (with tracing on): the handler's work, then the ack, retry or park. */
  private handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    return traceDelivery(deliveryTraceInfo(message, this.options.consumed.name), async (span) => {
      const verdict = await runDelivery(message, this.options);
      setDeliveryOutcome(span, verdict);
      await this.settleOrRequeue(channel, message, verdict);
    });
  }

  private async settleOrRequeue(channel: ConfirmChannel, message: ConsumeMessage, verdict: Verdict): Promise<void> {
    try {
      await this.settle(channel, message, verdict);
    } catch (error) {
      // The copy was not confirmed. Give the message back to the queue; if the channel is
      // already gone, the broker requeues it anyway. Either way it is tried again.
      this.options.logger.warn({ err: describeError(error) }, 'could not settle delivery');
      try {
        channel.nack(message, false, true);
      } catch {
        /* channel closed: the broker requeues unacked messages itself */
      }
    }
  }

  private async settle(channel: ConfirmChannel, message: ConsumeMessage, verdict: Verdict) {
    const { logger, consumed } = this.options;
    const meta = { messageId: message.properties.messageId, type: message.properties.type };
    const eventName = message.properties.type ?? message.fields.routingKey;
    if (verdict.kind === 'ack') {
      channel.ack(message);
      this.options.observer?.consumed(eventName, 'ack');
      return;
    }
    const headers = withoutBrokerHeaders(message.properties.headers);
    // A queue without retry queues (broadcast) is given no delays, so it never gets a retry verdict.
    const retryTo = verdict.kind === 'retry' ? consumed.retryQueue?.(verdict.delayMs) : undefined;
    if (verdict.kind === 'retry' && retryTo) {
      headers[HEADERS.attempt] = verdict.attempt;
      headers[HEADERS.lastError] = describeError(verdict.error);
      await this.copyTo(channel, retryTo, message, headers);
      logger.warn({ ...meta, attempt: verdict.attempt, delayMs: verdict.delayMs, err: headers[HEADERS.lastError] }, 'handler failed; retry scheduled');
    } else {
      const reason = verdict.kind === 'park' ? verdict.reason : 'handler failed (no retries here)';
      headers[HEADERS.parkedReason] = reason;
      headers[HEADERS.parkedError] = verdict.error === undefined ? reason : describeError(verdict.error);
      headers[HEADERS.parkedAt] = new Date().toISOString();
      headers[HEADERS.parkedFrom] = consumed.name;
      await consumed.prepareParking?.(channel);
      await this.copyTo(channel, consumed.parkingQueue, message, headers);
      logger.error({ ...meta, reason, err: headers[HEADERS.parkedError] }, 'message parked');
    }
    channel.ack(message);
    this.options.observer?.consumed(String(eventName), retryTo ? 'retry' : 'park');
  }

  private copyTo(
    channel: ConfirmChannel,
    target: string,
    message: ConsumeMessage,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const p = message.properties;
    return confirmPublish(
      channel,
      '',
      target,
      message.content,
      {
        persistent: true,
        headers,
        ...(p.messageId ? { messageId: p.messageId } : {}),
        ...(p.type ? { type: p.type } : {}),
        ...(p.contentType ? { contentType: p.contentType } : {}),
        ...(p.timestamp ? { timestamp: p.timestamp } : {}),
      },
      this.options.publishTimeoutMs,
    );
  }
}
