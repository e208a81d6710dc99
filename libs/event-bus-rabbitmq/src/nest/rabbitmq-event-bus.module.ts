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
import { TerminusModule } from '@nestjs/terminus';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { RabbitMqEventBus } from '../lib/rabbitmq-event-bus';
import type { RabbitMqEventBusOptions } from '../lib/rabbitmq-event-bus.options';
import { EventBusHealthIndicator } from './event-bus.health';
import { ServerRabbitMq } from './server-rabbitmq';

/** Injection token for the publisher side: `@Inject(EVENT_BUS) bus: EventBus<IntegrationEventMap>`. */
export const EVENT_BUS = Symbol('EVENT_BUS');

export type EventBusModuleOptions = Omit<RabbitMqEventBusOptions<IntegrationEventMap>, 'registry'>;

export interface EventBusModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...deps: never[]) => EventBusModuleOptions | Promise<EventBusModuleOptions>;
}

class EventBusLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('EventBus');

  constructor(@Inject(RabbitMqEventBus) private readonly bus: RabbitMqEventBus<IntegrationEventMap>) {}

  /** Connect in the background: the app serves (and reports not-ready) while the broker is away. */
  onApplicationBootstrap(): void {
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
 * publishers), the custom transport for `@EventPattern` handlers, and the lifecycle.
 */
@Module({})
export class RabbitMqEventBusModule {
  static forRootAsync(options: EventBusModuleAsyncOptions): DynamicModule {
    return {
      module: RabbitMqEventBusModule,
      global: true,
      imports: [TerminusModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: RabbitMqEventBus,
          inject: options.inject ?? [],
          useFactory: async (...deps: never[]) =>
            new RabbitMqEventBus<IntegrationEventMap>({
              ...(await options.useFactory(...deps)),
              registry: integrationEvents,
            }),
        },
        { provide: EVENT_BUS, useExisting: RabbitMqEventBus },
        {
          provide: ServerRabbitMq,
          inject: [RabbitMqEventBus],
          useFactory: (bus: RabbitMqEventBus<IntegrationEventMap>) => new ServerRabbitMq(bus),
        },
        EventBusLifecycle,
        EventBusHealthIndicator,
      ],
      exports: [RabbitMqEventBus, EVENT_BUS, ServerRabbitMq, EventBusHealthIndicator],
    };
  }
}
