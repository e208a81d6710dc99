import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AuthModule } from '@eshop/auth';
import type { IntegrationEventMap } from '@eshop/contracts';
import { DiscoveryModule } from '@eshop/discovery';
import {
  EventBusHealthIndicator,
  RabbitMqEventBus,
  RabbitMqEventBusModule,
} from '@eshop/event-bus-rabbitmq';
import { HealthModule, LoggingModule } from '@eshop/observability';
import { OutboxModule, OutboxWriter } from '@eshop/outbox';
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
import { IntegrationEventInbox } from '@eshop/outbox';
import { OrderRepository } from './infrastructure/order.repository';
import { openOrderingDatabase, orderingDataSourceOptions } from './infrastructure/ordering-database';
import { orderingBusOptions, orderingOutboxOptions } from './infrastructure/ordering-messaging';

type Bus = RabbitMqEventBus<IntegrationEventMap>;

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
        LoggingModule.forRoot({ service: 'ordering-api', level: config.LOG_LEVEL }),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
        TypeOrmModule.forRootAsync({
          useFactory: () => orderingDataSourceOptions(config.DATABASE_URL),
          dataSourceFactory: (options) => openOrderingDatabase(options ?? orderingDataSourceOptions(config.DATABASE_URL)),
        }),
        RabbitMqEventBusModule.forRootAsync({
          inject: [PinoLogger],
          useFactory: (pino: PinoLogger) => orderingBusOptions(config, pino),
        }),
        OutboxModule.forRootAsync({
          inject: [RabbitMqEventBus, PinoLogger],
          useFactory: (bus: Bus, pino: PinoLogger) => orderingOutboxOptions(config, bus, pino),
        }),
        HealthModule.forRoot({
          inject: [TypeOrmHealthIndicator, EventBusHealthIndicator],
          readiness: (db: TypeOrmHealthIndicator, bus: EventBusHealthIndicator) => [
            () => db.pingCheck('postgres'),
            () => bus.isHealthy('rabbitmq'),
          ],
        }),
        DiscoveryModule.forRoot({
          mode: config.DISCOVERY,
          consulUrl: config.CONSUL_URL,
          service: {
            name: 'ordering-api',
            port: config.PORT,
            tags: ['eshop'],
            ...(config.SERVICE_ADDRESS ? { address: config.SERVICE_ADDRESS } : {}),
          },
        }),
      ],
      controllers: [OrdersQueriesController, OrdersCommandsController, ...ORDERING_SUBSCRIPTIONS],
      providers: [
        OrderRepository,
        ClientRequestRepository,
        GracePeriodRepository,
        IntegrationEventInbox,
        CreateOrderHandler,
        OrderSagaSteps,
        BuyerOrderCommands,
        OrderQueries,
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
