import { Module, type DynamicModule } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { IntegrationEventMap } from '@eshop/contracts';
import { RabbitMqEventBus, RabbitMqEventBusModule } from '@eshop/event-bus-rabbitmq';
import { LoggingModule } from '@eshop/observability';
import { OutboxModule } from '@eshop/outbox';
import type { CatalogRelayConfig } from './catalog.config';
import { catalogBusOptions, catalogOutboxOptions } from './infrastructure/catalog-messaging';

/**
 * `node dist/apps/catalog-api/main.js relay`: the catalog's outbox relay alone, no HTTP,
 * so it can be scaled and killed independently of the API (run the API with
 * OUTBOX_RELAY=off then). Several may run at once: they claim disjoint rows.
 */
@Module({})
export class CatalogRelayModule {
  static register(config: CatalogRelayConfig): DynamicModule {
    return {
      module: CatalogRelayModule,
      imports: [
        LoggingModule.forRoot({ service: 'catalog-api-relay', level: config.LOG_LEVEL }),
        RabbitMqEventBusModule.forRootAsync({
          inject: [PinoLogger],
          useFactory: (pino: PinoLogger) =>
            catalogBusOptions(config, pino, { connectionName: 'catalog-api-relay', consumes: false }),
        }),
        OutboxModule.forRootAsync({
          inject: [RabbitMqEventBus, PinoLogger],
          useFactory: (bus: RabbitMqEventBus<IntegrationEventMap>, pino: PinoLogger) =>
            catalogOutboxOptions(config, bus, pino, true),
        }),
      ],
    };
  }
}
