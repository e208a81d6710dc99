import { Module, type DynamicModule } from '@nestjs/common';
import type { IntegrationEventMap } from '@eshop/contracts';
import { DiscoveryModule } from '@eshop/discovery';
import type { EventBus } from '@eshop/event-bus';
import { EVENT_BUS, EventBusHealthIndicator, RabbitMqEventBusModule } from '@eshop/event-bus-rabbitmq';
import { HealthModule, LoggingModule, NestStructuredLogger } from '@eshop/observability';
import { ProcessPaymentHandler } from './application/process-payment.handler';
import type { PaymentConfig } from './payment.config';
import { PAYMENT_SUBSCRIPTIONS } from './payment.subscriptions';

/**
 * payment-api: the simulated payment step of the checkout saga. Event-only: no data store,
 * no routes besides /health; it consumes StockConfirmed and publishes the payment result.
 */
@Module({})
export class PaymentModule {
  static register(config: PaymentConfig): DynamicModule {
    return {
      module: PaymentModule,
      imports: [
        LoggingModule.forRoot({ service: 'payment-api', level: config.LOG_LEVEL }),
        RabbitMqEventBusModule.forRootAsync({
          useFactory: () => ({
            url: config.RABBITMQ_URL,
            exchange: config.EVENT_BUS_EXCHANGE,
            queue: config.EVENT_BUS_QUEUE,
            prefetch: config.EVENT_BUS_PREFETCH,
            retry: { maxRetries: config.EVENT_BUS_MAX_RETRIES, initialDelayMs: config.EVENT_BUS_RETRY_INITIAL_MS },
            connectionName: 'payment-api',
            logger: new NestStructuredLogger(),
          }),
        }),
        HealthModule.forRoot({
          inject: [EventBusHealthIndicator],
          readiness: (bus: EventBusHealthIndicator) => [() => bus.isHealthy('rabbitmq')],
        }),
        DiscoveryModule.forRoot({
          mode: config.DISCOVERY,
          consulUrl: config.CONSUL_URL,
          service: {
            name: 'payment-api',
            port: config.PORT,
            tags: ['eshop'],
            ...(config.SERVICE_ADDRESS ? { address: config.SERVICE_ADDRESS } : {}),
          },
        }),
      ],
      controllers: [...PAYMENT_SUBSCRIPTIONS],
      providers: [
        {
          provide: ProcessPaymentHandler,
          inject: [EVENT_BUS],
          useFactory: (bus: EventBus<IntegrationEventMap>) =>
            new ProcessPaymentHandler(bus, { succeeds: config.PAYMENT_SUCCEEDS }),
        },
      ],
    };
  }
}
