import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { NestStructuredLogger } from '@eshop/observability';
import { IntegrationEventInbox, rowRetentionProvider } from '@eshop/outbox';
import { ServiceHostModule } from '@eshop/service-host';
import { OrdersCommandsController } from './api/orders-commands.controller';
import { OrdersQueriesController } from './api/orders-queries.controller';
import { AdvanceOrderSagaUseCase } from './application/advance-order-saga.use-case';
import { ChangeOrderStatusUseCase } from './application/change-order-status.use-case';
import { CreateOrderUseCase } from './application/create-order.use-case';
import { GracePeriodWorker } from './application/grace-period.worker';
import { OrderQueriesUseCase } from './application/order-queries.use-case';
import { RecordRefundUseCase } from './application/record-refund.use-case';
import { ORDER_READER } from './application/order-repository.port';
import { UNIT_OF_WORK, type UnitOfWorkPort } from './application/unit-of-work.port';
import { CLIENT_REQUEST_RETENTION } from './infrastructure/client-request-retention';
import { OrderRepository } from './infrastructure/order.repository';
import { openOrderingDatabase, orderingDataSourceOptions } from './infrastructure/ordering-database';
import { TypeOrmUnitOfWork } from './infrastructure/typeorm-unit-of-work';
import type { OrderingApiConfig } from './ordering-api.config';
import { orderingApiSubscriptions } from './ordering-api.subscriptions';

/**
 * ordering-api: the Order aggregate on Postgres (migrated at start), its routes, its part of
 * the checkout saga (orderingApiSubscriptions), the grace-period worker, and the outbox
 * (plus, unless OUTBOX_RELAY=off, the relay) every event it publishes goes through.
 */
@Module({})
export class OrderingApiModule {
  static register(config: OrderingApiConfig): DynamicModule {
    return {
      module: OrderingApiModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => orderingDataSourceOptions(config.DATABASE_URL),
          dataSourceFactory: (options) => openOrderingDatabase(options ?? orderingDataSourceOptions(config.DATABASE_URL)),
        }),
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'ordering-api',
          env: config,
          eventBus: { registry: integrationEvents },
          outbox: { schemas: integrationEvents, databaseUrl: config.DATABASE_URL, env: config, relay: config.OUTBOX_RELAY },
          readiness: {
            inject: [TypeOrmHealthIndicator, EventBusHealthIndicator],
            readiness: (db: TypeOrmHealthIndicator, bus: EventBusHealthIndicator) => [
              () => db.pingCheck('postgres'),
              () => bus.report('rabbitmq'), // reported, not required: the outbox covers a broker outage
            ],
          },
        }),
      ],
      controllers: [OrdersQueriesController, OrdersCommandsController],
      providers: [
        IntegrationEventInbox,
        { provide: UNIT_OF_WORK, useClass: TypeOrmUnitOfWork },
        { provide: ORDER_READER, inject: [DataSource], useFactory: (db: DataSource) => new OrderRepository(db.manager) },
        CreateOrderUseCase,
        AdvanceOrderSagaUseCase,
        ChangeOrderStatusUseCase,
        OrderQueriesUseCase,
        RecordRefundUseCase,
        ...orderingApiSubscriptions,
        rowRetentionProvider(
          CLIENT_REQUEST_RETENTION,
          {
            maxAgeMs: config.CLIENT_REQUEST_RETENTION_HOURS * 3_600_000,
            intervalMs: config.CLIENT_REQUEST_RETENTION_INTERVAL_MS,
            batchSize: 1_000,
          },
          new NestStructuredLogger('ClientRequestRetention'),
        ),
        {
          provide: GracePeriodWorker,
          inject: [UNIT_OF_WORK],
          useFactory: (unitOfWork: UnitOfWorkPort) =>
            new GracePeriodWorker(unitOfWork, {
              gracePeriodMs: config.GRACE_PERIOD_MS,
              intervalMs: config.GRACE_PERIOD_CHECK_INTERVAL_MS,
              batchSize: config.GRACE_PERIOD_BATCH_SIZE,
            }),
        },
      ],
    };
  }
}
