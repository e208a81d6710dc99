import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { EventMap, EventSchemaRegistry } from '@eshop/event-bus';
import { RabbitMqEventBus } from '../lib/rabbitmq-event-bus';
import type { RabbitMqEventBusOptions } from '../lib/rabbitmq-event-bus.options';
import { EventBusHealthIndicator } from './event-bus.health';
import { EventHandlerExplorer } from './event-handler.explorer';

/** Injection token for the publisher side: `@Inject(EVENT_BUS) bus: EventBus<IntegrationEventMap>`. */
export const EVENT_BUS = Symbol('EVENT_BUS');

export type EventBusModuleOptions = Omit<RabbitMqEventBusOptions<EventMap>, 'registry'>;

export interface EventBusModuleAsyncOptions<M extends EventMap> extends Pick<ModuleMetadata, 'imports'> {
  /** The contract's events (names → schemas): the bus validates what it publishes and consumes. */
  readonly registry: EventSchemaRegistry<M>;
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...deps: never[]) => EventBusModuleOptions | Promise<EventBusModuleOptions>;
}

/**
 * At bootstrap: subscribes every `@EventPattern` method of the app (which binds the service
 * queue, or this instance's broadcast queue for a `@Broadcast()` handler), starts consuming if there is any, and connects in the background, so the app
 * serves while the broker is away. At shutdown: stops taking deliveries and lets running
 * handlers finish before anything else closes, then disconnects last.
 */
class EventBusLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('EventBus');

  constructor(
    @Inject(RabbitMqEventBus) private readonly bus: RabbitMqEventBus<EventMap>,
    @Inject(EventHandlerExplorer) private readonly explorer: EventHandlerExplorer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.explorer.explore();
    for (const { eventName, source, broadcast, handle } of handlers) {
      const subscribing = broadcast ? this.bus.subscribeBroadcast(eventName, handle) : this.bus.subscribe(eventName, handle);
      await subscribing.catch((error: Error) => {
        throw new Error(`${source}: ${error.message}`);
      });
    }
    if (handlers.length > 0) await this.bus.startConsuming();
    this.bus.connect().catch((error: Error) => this.logger.warn(error.message));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.bus.stopConsuming();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

/**
 * Thin Nest adapter over `RabbitMqEventBus`: provides the bus (as `EVENT_BUS` for
 * publishers), registers the app's `@EventPattern` handlers on it, and runs its lifecycle.
 * The registry is passed in: this library knows no contract of its own.
 */
@Module({})
export class RabbitMqEventBusModule {
  static forRootAsync<M extends EventMap>(options: EventBusModuleAsyncOptions<M>): DynamicModule {
    return {
      module: RabbitMqEventBusModule,
      global: true,
      imports: [DiscoveryModule, TerminusModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: RabbitMqEventBus,
          inject: options.inject ?? [],
          useFactory: async (...deps: never[]) =>
            new RabbitMqEventBus<M>({ ...(await options.useFactory(...deps)), registry: options.registry }),
        },
        { provide: EVENT_BUS, useExisting: RabbitMqEventBus },
        EventHandlerExplorer,
        EventBusLifecycle,
        EventBusHealthIndicator,
      ],
      exports: [RabbitMqEventBus, EVENT_BUS, EventBusHealthIndicator],
    };
  }
}
