import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { IntegrationEventInbox, OutboxWriter } from '@eshop/outbox';
import { ServiceHostModule } from '@eshop/service-host';
import { OrdersCommandsController } from './api/orders-commands.controller';
import { OrdersQueriesController } from './api/orders-queries.controller';
import { BuyerOrderCommands } from './application/buyer-order-commands';
import { CreateOrderHandler } from './application/create-order.handler';
import { GracePeriodWorker } from './application/grace-period.worker';
import { OrderQueries } from './application/order.queries';
import { OrderSagaSteps } from './application/order-saga.steps';
import type { OrderingConfig } from './ordering.config';
import { ORDERING_SUBSCRIPTIONS } from './ordering.subscriptions';
import { ClientRequestRepository } from './infrastructure/client-request.repository';
import { GracePeriodRepository } from './infrastructure/grace-period.repository';
import { OrderRepository } from './infrastructure/order.repository';
import { openOrderingDatabase, orderingDataSourceOptions } from './infrastructure/ordering-database';

/**
 * ordering-api: the Order aggregate on Postgres (migrated at start), its routes, its part of
 * the checkout saga (ORDERING_SUBSCRIPTIONS), the grace-period worker, and the outbox
 * (plus, unless OUTBOX_RELAY=off, the relay) every event it publishes goes through.
 */
@Module({})
export class OrderingModule {
  static register(config: OrderingConfig): DynamicModule {
    return {
      module: OrderingModule,
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
              () => bus.isHealthy('rabbitmq'),
            ],
          },
        }),
      ],
      controllers: [OrdersQueriesController, OrdersCommandsController],
      providers: [
        OrderRepository,
        ClientRequestRepository,
        GracePeriodRepository,
        IntegrationEventInbox,
        CreateOrderHandler,
        OrderSagaSteps,
        BuyerOrderCommands,
        OrderQueries,
        ...ORDERING_SUBSCRIPTIONS,
        {
          provide: GracePeriodWorker,
          inject: [DataSource, GracePeriodRepository, OutboxWriter],
          useFactory: (dataSource: DataSource, repository: GracePeriodRepository, outbox: OutboxWriter) =>
            new GracePeriodWorker(dataSource, repository, outbox, {
              gracePeriodMs: config.GRACE_PERIOD_MS,
              intervalMs: config.GRACE_PERIOD_CHECK_INTERVAL_MS,
              batchSize: config.GRACE_PERIOD_BATCH_SIZE,
            }),
        },
      ],
    };
  }
}
