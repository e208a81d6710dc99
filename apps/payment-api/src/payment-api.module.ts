import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { IntegrationEventInbox } from '@eshop/outbox';
import { ServiceHostModule } from '@eshop/service-host';
import { PAYMENT_UNIT_OF_WORK, type PaymentUnitOfWorkPort } from './application/payment-unit-of-work.port';
import { ProcessPaymentUseCase } from './application/process-payment.use-case';
import { RefundPaymentUseCase } from './application/refund-payment.use-case';
import { openPaymentDatabase, paymentDataSourceOptions } from './infrastructure/payment-database';
import { TypeOrmPaymentUnitOfWork } from './infrastructure/payment-unit-of-work';
import type { PaymentApiConfig } from './payment-api.config';
import { paymentApiSubscriptions } from './payment-api.subscriptions';

/**
 * payment-api: the simulated payment step of the checkout saga. Event-only (no routes besides
 * /health): it charges on StockConfirmed and refunds on Cancelled, keeping a ledger in
 * Postgres; results leave through its outbox (docs/adr/0013-payment-ledger-and-refunds.md).
 */
@Module({})
export class PaymentApiModule {
  static register(config: PaymentApiConfig): DynamicModule {
    return {
      module: PaymentApiModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => paymentDataSourceOptions(config.DATABASE_URL),
          dataSourceFactory: (options) => openPaymentDatabase(options ?? paymentDataSourceOptions(config.DATABASE_URL)),
        }),
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'payment-api',
          env: config,
          auth: false,
          eventBus: { registry: integrationEvents },
          outbox: { schemas: integrationEvents, databaseUrl: config.DATABASE_URL, env: config, relay: config.OUTBOX_RELAY },
          readiness: {
            inject: [TypeOrmHealthIndicator, EventBusHealthIndicator],
            // Consume-only: ready while it consumes, and it needs its ledger to consume.
            readiness: (db: TypeOrmHealthIndicator, bus: EventBusHealthIndicator) => [
              () => db.pingCheck('postgres'),
              () => bus.isConsuming('rabbitmq'),
            ],
          },
        }),
      ],
      providers: [
        IntegrationEventInbox,
        { provide: PAYMENT_UNIT_OF_WORK, useClass: TypeOrmPaymentUnitOfWork },
        {
          provide: ProcessPaymentUseCase,
          inject: [PAYMENT_UNIT_OF_WORK],
          useFactory: (unitOfWork: PaymentUnitOfWorkPort) =>
            new ProcessPaymentUseCase(unitOfWork, { succeeds: config.PAYMENT_SUCCEEDS }),
        },
        {
          provide: RefundPaymentUseCase,
          inject: [PAYMENT_UNIT_OF_WORK],
          useFactory: (unitOfWork: PaymentUnitOfWorkPort) => new RefundPaymentUseCase(unitOfWork),
        },
        ...paymentApiSubscriptions,
      ],
    };
  }
}
