import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { IntegrationEventInbox } from '@eshop/outbox';
import { ServiceHostModule } from '@eshop/service-host';
import { CatalogCommandsController } from './api/catalog-commands.controller';
import { CatalogQueriesController } from './api/catalog-queries.controller';
import { CatalogQueries } from './application/catalog.queries';
import { CreateCatalogItemHandler } from './application/create-catalog-item.handler';
import { DeleteCatalogItemHandler } from './application/delete-catalog-item.handler';
import { TakeOrderStockHandler } from './application/take-order-stock.handler';
import { UpdateCatalogItemHandler } from './application/update-catalog-item.handler';
import { ValidateOrderStockHandler } from './application/validate-order-stock.handler';
import { catalogOutbox, type CatalogConfig } from './catalog.config';
import { catalogSubscriptions } from './catalog.subscriptions';
import {
  catalogDataSourceOptions,
  catalogEntities,
  openCatalogDatabase,
} from './infrastructure/catalog-database';
import { CatalogItemRepository } from './infrastructure/catalog-item.repository';

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
        TypeOrmModule.forRootAsync({
          useFactory: () => catalogDataSourceOptions(config.DATABASE_URL),
          dataSourceFactory: (options) => openCatalogDatabase(options ?? catalogDataSourceOptions(config.DATABASE_URL)),
        }),
        TypeOrmModule.forFeature(catalogEntities),
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'catalog-api',
          env: config,
          eventBus: { registry: integrationEvents },
          outbox: catalogOutbox(config, config.OUTBOX_RELAY),
          readiness: {
            inject: [TypeOrmHealthIndicator, EventBusHealthIndicator],
            readiness: (db: TypeOrmHealthIndicator, bus: EventBusHealthIndicator) => [
              () => db.pingCheck('postgres'),
              () => bus.isHealthy('rabbitmq'),
            ],
          },
        }),
      ],
      controllers: [CatalogQueriesController, CatalogCommandsController],
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
        ...catalogSubscriptions,
      ],
    };
  }
}
