import type {
  DeliveryContext,
  EventBus,
  IntegrationEventHandler,
  PublishOptions,
} from './event-bus';
import type { EventMap, EventName, EventSchemaRegistry } from './integration-event';
import { newTraceparent } from './trace-context';

export interface PublishedEvent {
  readonly name: string;
  readonly event: unknown;
  readonly traceparent: string;
}

export interface HandlerFailure {
  readonly name: string;
  readonly event: unknown;
  readonly error: unknown;
}

/**
 * An event bus in one process, for unit tests of handlers and publishers. It validates
 * like the real bus (when given the registry), records what was published, and delivers
 * to subscribers in subscription order. A failing handler does not fail the publisher,
 * as with a broker: its error is recorded in `failures`.
 */
export class InMemoryEventBus<M extends EventMap> implements EventBus<M> {
  readonly published: PublishedEvent[] = [];
  readonly failures: HandlerFailure[] = [];
  private readonly handlers = new Map<string, Set<IntegrationEventHandler<never>>>();

  constructor(private readonly registry?: EventSchemaRegistry<M>) {}

  async publish<N extends EventName<M>>(
    name: N,
    event: M[N],
    options: PublishOptions = {},
  ): Promise<void> {
    const checked = this.registry ? this.registry.parse(name, event) : event;
    const traceparent = options.traceparent ?? newTraceparent();
    this.published.push({ name, event: checked, traceparent });
    await this.deliver(name, checked, { traceparent });
  }

  /** Hands an event to the subscribers as a transport would (use it to simulate redelivery). */
  async deliver<N extends EventName<M>>(
    name: N,
    event: M[N],
    context: Partial<DeliveryContext> = {},
  ): Promise<void> {
    const full: DeliveryContext = {
      eventName: name,
      messageId: event.id,
      attempt: 1,
      redelivered: false,
      ...context,
    };
    for (const handler of [...(this.handlers.get(name) ?? [])]) {
      try {
        await (handler as IntegrationEventHandler<M[N]>)(event, full);
      } catch (error) {
        this.failures.push({ name, event, error });
      }
    }
  }

  async subscribe<N extends EventName<M>>(
    name: N,
    handler: IntegrationEventHandler<M[N]>,
  ): Promise<void> {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as IntegrationEventHandler<never>);
    this.handlers.set(name, set);
  }

  /** Published events of one name, in order. */
  publishedOf<N extends EventName<M>>(name: N): M[N][] {
    return this.published.filter((p) => p.name === name).map((p) => p.event as M[N]);
  }
}
