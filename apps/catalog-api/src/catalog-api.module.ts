import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { LoggingModule, NestStructuredLogger } from '@eshop/observability';
import { IntegrationEventInbox, rowRetentionProvider } from '@eshop/outbox';
import { eventBusModule, outboxModule, ServiceHostModule } from '@eshop/service-host';
import { CatalogCommandsController } from './api/catalog-commands.controller';
import { CatalogQueriesController } from './api/catalog-queries.controller';
import { CATALOG_READER } from './application/catalog-reader.port';
import { CatalogQueriesUseCase } from './application/catalog-queries.use-case';
import { CATALOG_UNIT_OF_WORK } from './application/catalog-unit-of-work.port';
import { CreateCatalogItemUseCase } from './application/create-catalog-item.use-case';
import { DeleteCatalogItemUseCase } from './application/delete-catalog-item.use-case';
import { ReleaseOrderStockUseCase } from './application/release-order-stock.use-case';
import { TakeOrderStockUseCase } from './application/take-order-stock.use-case';
import { UpdateCatalogItemUseCase } from './application/update-catalog-item.use-case';
import { ValidateOrderStockUseCase } from './application/validate-order-stock.use-case';
import { catalogApiOutbox, type CatalogApiConfig, type CatalogApiRelayConfig } from './catalog-api.config';
import { catalogApiSubscriptions } from './catalog-api.subscriptions';
import {
  catalogDataSourceOptions,
  catalogEntities,
  migrateCatalogDatabase,
  openCatalogDatabase,
} from './infrastructure/catalog-database';
import { CatalogItemRepository } from './infrastructure/catalog-item.repository';
import { TypeOrmCatalogUnitOfWork } from './infrastructure/catalog-unit-of-work';
import { STOCK_RESERVATION_RETENTION } from './infrastructure/stock-reservation-retention';

/** The standalone relay's start-up step: the outbox table exists before the relay polls it. */
const RELAY_SCHEMA_READY = Symbol('RELAY_SCHEMA_READY');

/**
 * catalog-api: CRUD over Postgres (migrated and seeded at start), price changes through the
 * transactional outbox, and (unless OUTBOX_RELAY=off) the relay that publishes them; its
 * part of the checkout saga (stock reservation at validation, its conversion on payment and
 * its release on cancellation, catalog-api.subscriptions.ts).
 */
@Module({})
export class CatalogApiModule {
  static register(config: CatalogApiConfig): DynamicModule {
    return {
      module: CatalogApiModule,
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
          outbox: catalogApiOutbox(config, config.OUTBOX_RELAY),
          readiness: {
            inject: [TypeOrmHealthIndicator, EventBusHealthIndicator],
            readiness: (db: TypeOrmHealthIndicator, bus: EventBusHealthIndicator) => [
              () => db.pingCheck('postgres'),
              () => bus.report('rabbitmq'), // reported, not required: the outbox covers a broker outage
            ],
          },
        }),
      ],
      controllers: [CatalogQueriesController, CatalogCommandsController],
      providers: [
        // Ports → adapters.
        { provide: CATALOG_READER, useClass: CatalogItemRepository },
        { provide: CATALOG_UNIT_OF_WORK, useClass: TypeOrmCatalogUnitOfWork },
        IntegrationEventInbox,
        rowRetentionProvider(
          STOCK_RESERVATION_RETENTION,
          {
            maxAgeMs: config.STOCK_RESERVATION_RETENTION_HOURS * 3_600_000,
            intervalMs: config.STOCK_RESERVATION_RETENTION_INTERVAL_MS,
            batchSize: 1_000,
          },
          new NestStructuredLogger('StockReservationRetention'),
        ),
        // Use cases.
        CatalogQueriesUseCase,
        CreateCatalogItemUseCase,
        UpdateCatalogItemUseCase,
        DeleteCatalogItemUseCase,
        ValidateOrderStockUseCase,
        TakeOrderStockUseCase,
        ReleaseOrderStockUseCase,
        // Inbound events: the checkout saga's stock handlers.
        ...catalogApiSubscriptions,
      ],
    };
  }

  /**
   * `node dist/apps/catalog-api/main.js relay`: the catalog's outbox relay alone, no HTTP,
   * so it can be scaled and killed independently of the API (run the API with
   * OUTBOX_RELAY=off then). Several may run at once: they claim disjoint rows. It may start
   * before the API, so it migrates the schema first (without seeding).
   */
  static registerRelay(config: CatalogApiRelayConfig): DynamicModule {
    const outbox = catalogApiOutbox(config, true);
    return {
      module: CatalogApiModule,
      imports: [
        LoggingModule.forRoot({ service: 'catalog-api-relay', level: config.LOG_LEVEL }),
        eventBusModule<IntegrationEventMap>('catalog-api-relay', config, { registry: integrationEvents, queue: false }, outbox),
        outboxModule(outbox),
      ],
      providers: [
        { provide: RELAY_SCHEMA_READY, useFactory: () => migrateCatalogDatabase(config.DATABASE_URL, 'catalog-api-relay') },
      ],
    };
  }
}
