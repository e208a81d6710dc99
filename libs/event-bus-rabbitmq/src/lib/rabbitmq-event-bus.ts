import type { ChannelModel } from 'amqplib';
import { tracePublish } from '@eshop/tracing';
import {
  newTraceparent,
  type EventBus,
  type EventMap,
  type EventName,
  type IntegrationEvent,
  type IntegrationEventHandler,
  type PublishOptions,
} from '@eshop/event-bus';
import { ChannelPublisher } from './channel-publisher';
import { EventBusUnavailableError, PublishNotConfirmedError } from './event-bus.errors';
import { ManagedConnection } from './managed-connection';
import { HEADERS, describeError } from './message-headers';
import { QueueConsumer } from './queue-consumer';
import { broadcastQueue, declareSubscriberQueues, serviceQueue, type ConsumedQueue } from './topology';
import {
  resolveOptions,
  retryDelays,
  type RabbitMqEventBusOptions,
  type ResolvedOptions,
} from './rabbitmq-event-bus.options';

type AnyHandler = IntegrationEventHandler<never>;

export interface EventBusStatus {
  readonly connected: boolean;
  /** Consuming the service queue. */
  readonly consuming: boolean;
  readonly queue: string | undefined;
  /** Consuming this instance's broadcast queue. */
  readonly broadcasting: boolean;
  /** The broadcast queue's current (server-given) name: a new one after every reconnect. */
  readonly broadcastQueue: string | undefined;
}

/**
 * The event bus over RabbitMQ (see docs/adr/0001). Publishing waits for publisher
 * confirms; consuming acks manually after the handlers succeed, retries through delay
 * queues and parks what cannot be handled. The connection heals itself and the topology
 * and consumers come back with it.
 */
export class RabbitMqEventBus<M extends EventMap> implements EventBus<M> {
  private readonly options: ResolvedOptions<M>;
  private readonly connection: ManagedConnection;
  private readonly publisher: ChannelPublisher;
  private readonly consumer: QueueConsumer<M> | undefined;
  private readonly handlers = new Map<string, Set<AnyHandler>>();
  /** Made at the first broadcast subscription: a bus without one declares no broadcast queue. */
  private broadcast: QueueConsumer<M> | undefined;
  private readonly broadcastHandlers = new Map<string, Set<AnyHandler>>();
  private attached = false;
  private readonly readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(options: RabbitMqEventBusOptions<M>) {
    this.options = resolveOptions(options);
    const { exchange, queue, logger } = this.options;
    this.connection = new ManagedConnection(this.options);
    this.publisher = new ChannelPublisher(exchange, this.options.publishTimeoutMs, logger);
    const delaysMs = retryDelays(this.options.retry);
    this.consumer = queue
      ? this.newConsumer(serviceQueue(queue, delaysMs, this.queueShape()), delaysMs, this.handlers)
      : undefined;
    this.connection.on('ready', (connection: ChannelModel) => void this.onReady(connection));
    this.connection.on('lost', () => {
      this.attached = false;
      this.publisher.detach();
      this.consumer?.detach();
      this.broadcast?.detach();
    });
  }

  /**
   * Starts connecting, and reconnecting for as long as the bus lives. Resolves once the
   * topology is declared; rejects after `waitMs` (the bus keeps trying in the background).
   */
  async connect(waitMs = 30_000): Promise<void> {
    const ready = this.ready();
    this.connection.start();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new EventBusUnavailableError(`broker not ready within ${waitMs} ms`)),
        waitMs,
      );
      timer.unref?.(); // never keep a closing process alive for this deadline
    });
    try {
      await Promise.race([ready, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Begins consuming the service queue and the broadcast queue (if any). Subscribe every handler first. */
  async startConsuming(): Promise<void> {
    if (!this.consumer && !this.broadcast) throw new Error('this bus has no queue and no broadcast subscription: it can only publish');
    await this.consumer?.start();
    await this.broadcast?.start();
  }

  /** Stops taking deliveries and waits (bounded) for running handlers. Idempotent. */
  async stopConsuming(): Promise<void> {
    await Promise.all([this.consumer?.stop(this.options.shutdownTimeoutMs), this.broadcast?.stop(this.options.shutdownTimeoutMs)]);
  }

  status(): EventBusStatus {
    return {
      connected: this.connection.current !== undefined && this.attached,
      consuming: this.consumer?.isConsuming ?? false,
      queue: this.options.queue,
      broadcasting: this.broadcast?.isConsuming ?? false,
      broadcastQueue: this.broadcast?.currentQueue,
    };
  }

  async publish<N extends EventName<M>>(
    name: N,
    event: M[N],
    options: PublishOptions = {},
  ): Promise<void> {
    await this.publishValidated(name, this.options.registry.parse(name, event), options);
  }

  /**
   * Publishes an event that was checked against its schema already, e.g. by the outbox
   * writer in the business transaction: the relay need not parse every row a second time.
   */
  async publishValidated(name: string, event: IntegrationEvent, options: PublishOptions = {}): Promise<void> {
    // The relay hands over its PRODUCER span's traceparent; a direct publish (no traceparent)
    // gets one here, child of the active span, so the consumer continues the caller's trace.
    if (options.traceparent === undefined) {
      await tracePublish(name, event.id, undefined, (traceparent) => this.send(name, event, traceparent));
    } else {
      await this.send(name, event, options.traceparent);
    }
    this.options.observer?.published(name);
  }

  private async send(name: string, event: IntegrationEvent, traceparent: string | undefined): Promise<void> {
    const content = Buffer.from(JSON.stringify(event));
    try {
      await this.publisher.publish(name, content, {
        persistent: true,
        messageId: event.id,
        type: name,
        contentType: 'application/json',
        timestamp: Math.floor(Date.now() / 1000),
        headers: {
          [HEADERS.traceparent]: traceparent ?? newTraceparent(),
          [HEADERS.attempt]: 1,
        },
      });
    } catch (error) {
      if (error instanceof EventBusUnavailableError) throw error;
      throw new PublishNotConfirmedError(name, event.id, describeError(error));
    }
  }

  async subscribe<N extends EventName<M>>(
    name: N,
    handler: IntegrationEventHandler<M[N]>,
  ): Promise<void> {
    if (!this.consumer) throw new Error('this bus has no queue: it cannot subscribe');
    if (!this.options.registry.has(name)) throw new Error(`unknown event name ${name}`);
    const set = this.handlers.get(name) ?? new Set<AnyHandler>();
    const isNewBinding = set.size === 0;
    set.add(handler as AnyHandler);
    this.handlers.set(name, set);
    if (isNewBinding) await this.consumer.bind(name);
  }

  /**
   * Every instance of this process gets every `name` event (unlike `subscribe`, where the
   * instances of a service share one queue): its own exclusive, auto-delete queue, declared
   * and bound at every connect. What is published while the instance is disconnected never
   * reaches it; a failing handler's delivery is parked in `<broadcastName>.broadcast.parking`
   * at once (no retries: see topology.ts `broadcastQueue`).
   */
  async subscribeBroadcast<N extends EventName<M>>(
    name: N,
    handler: IntegrationEventHandler<M[N]>,
  ): Promise<void> {
    if (!this.options.registry.has(name)) throw new Error(`unknown event name ${name}`);
    const set = this.broadcastHandlers.get(name) ?? new Set<AnyHandler>();
    const isNewBinding = set.size === 0;
    set.add(handler as AnyHandler);
    this.broadcastHandlers.set(name, set);
    if (!this.broadcast) {
      this.broadcast = this.newConsumer(broadcastQueue(this.options.broadcastName, this.queueShape()), [], this.broadcastHandlers);
      const connection = this.connection.current;
      // Subscribed after connecting: the next connect would be too late.
      if (connection && this.attached) await this.broadcast.attach(connection);
    } else if (isNewBinding) {
      await this.broadcast.bind(name);
    }
  }

  /** Graceful shutdown: stop consuming, let running handlers finish, then disconnect. */
  async close(): Promise<void> {
    const closed = new EventBusUnavailableError('the bus was closed');
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(closed);
    await this.stopConsuming();
    await this.consumer?.closeChannel();
    await this.broadcast?.closeChannel();
    await this.publisher.closeChannel();
    await this.connection.close();
  }

  private queueShape() {
    return { type: this.options.queueType, deliveryLimit: this.options.deliveryLimit };
  }

  private newConsumer(consumed: ConsumedQueue, delaysMs: readonly number[], handlers: Map<string, Set<AnyHandler>>): QueueConsumer<M> {
    return new QueueConsumer<M>({
      ...this.options,
      consumed,
      delaysMs,
      handlersFor: (name) => [...(handlers.get(name) ?? [])],
      subscribedNames: () => handlers.keys(),
    });
  }

  private ready(): Promise<void> {
    if (this.attached) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private async onReady(connection: ChannelModel): Promise<void> {
    this.attached = false;
    try {
      await this.publisher.attach(connection);
      const { exchange, subscriberQueues, queueType, deliveryLimit, logger } = this.options;
      await declareSubscriberQueues(connection, exchange, subscriberQueues, { type: queueType, deliveryLimit }, logger);
      await this.consumer?.attach(connection);
      await this.broadcast?.attach(connection);
      this.attached = true;
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
    } catch (error) {
      // Declaring the topology failed (e.g. a queue exists with other arguments): close the
      // connection so the reconnect loop tries again rather than running half set up.
      this.options.logger.error({ err: describeError(error) }, 'topology setup failed');
      await connection.close().catch(() => undefined);
    }
  }
}
