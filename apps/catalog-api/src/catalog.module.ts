import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { AuthModule } from '@eshop/auth';
import { DiscoveryModule } from '@eshop/discovery';
import type { IntegrationEventMap } from '@eshop/contracts';
import {
  EventBusHealthIndicator,
  RabbitMqEventBus,
  RabbitMqEventBusModule,
} from '@eshop/event-bus-rabbitmq';
import { HealthModule, LoggingModule } from '@eshop/observability';
import { OutboxModule } from '@eshop/outbox';
import { CatalogCommandsController } from './api/catalog-commands.controller';
import { CatalogQueriesController } from './api/catalog-queries.controller';
import { CatalogQueries } from './application/catalog.queries';
import { CreateCatalogItemHandler } from './application/create-catalog-item.handler';
import { DeleteCatalogItemHandler } from './application/delete-catalog-item.handler';
import { TakeOrderStockHandler } from './application/take-order-stock.handler';
import { UpdateCatalogItemHandler } from './application/update-catalog-item.handler';
import { ValidateOrderStockHandler } from './application/validate-order-stock.handler';
import type { CatalogConfig } from './catalog.config';
import { catalogConsumesEvents, catalogSubscriptions } from './catalog.subscriptions';
import {
  catalogDataSourceOptions,
  catalogEntities,
  openCatalogDatabase,
} from './infrastructure/catalog-database';
import { CatalogItemRepository } from './infrastructure/catalog-item.repository';
import { IntegrationEventInbox } from '@eshop/outbox';
import { catalogBusOptions, catalogOutboxOptions } from './infrastructure/catalog-messaging';

type Bus = RabbitMqEventBus<IntegrationEventMap>;

/**
 * catalog-api: CRUD over Postgres (migrated and seeded at start), price changes through the
 * transactional outbox, and (unless OUTBOX_RELAY=off) the relay that publishes them; its
 * part of the checkout saga (stock validation and removal, catalog.subscriptions.ts).
 */
@Module({})
export class CatalogModule {
  static register(config: CatalogConfig): DynamicModule {
    return {
      module: CatalogModule,
      imports: [
        LoggingModule.forRoot({ service: 'catalog-api', level: config.LOG_LEVEL }),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
        DiscoveryModule.forRoot({
          mode: config.DISCOVERY,
          consulUrl: config.CONSUL_URL,
          service: {
            name: 'catalog-api',
            port: config.PORT,
            tags: ['eshop'],
            ...(config.SERVICE_ADDRESS ? { address: config.SERVICE_ADDRESS } : {}),
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => catalogDataSourceOptions(config.DATABASE_URL),
          dataSourceFactory: (options) => openCatalogDatabase(options ?? catalogDataSourceOptions(config.DATABASE_URL)),
        }),
        TypeOrmModule.forFeature(catalogEntities),
        RabbitMqEventBusModule.forRootAsync({
          inject: [PinoLogger],
          useFactory: (pino: PinoLogger) =>
            catalogBusOptions(config, pino, { connectionName: 'catalog-api', consumes: catalogConsumesEvents }),
        }),
        OutboxModule.forRootAsync({
          inject: [RabbitMqEventBus, PinoLogger],
          useFactory: (bus: Bus, pino: PinoLogger) =>
            catalogOutboxOptions(config, bus, pino, config.OUTBOX_RELAY),
        }),
        HealthModule.forRoot({
          inject: [TypeOrmHealthIndicator, EventBusHealthIndicator],
          readiness: (db: TypeOrmHealthIndicator, bus: EventBusHealthIndicator) => [
            () => db.pingCheck('postgres'),
            () => bus.isHealthy('rabbitmq'),
          ],
        }),
      ],
      controllers: [CatalogQueriesController, CatalogCommandsController, ...catalogSubscriptions],
      providers: [
        CatalogItemRepository,
        CatalogQueries,
        CreateCatalogItemHandler,
        UpdateCatalogItemHandler,
        DeleteCatalogItemHandler,
        // The checkout saga's stock handlers (catalog.subscriptions.ts).
        IntegrationEventInbox,
        ValidateOrderStockHandler,
        TakeOrderStockHandler,
      ],
    };
  }
}
