import { Module, type DynamicModule } from '@nestjs/common';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { EVENT_BUS, EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { ServiceHostModule } from '@eshop/service-host';
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
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'payment-api',
          env: config,
          auth: false,
          eventBus: { registry: integrationEvents },
          readiness: {
            inject: [EventBusHealthIndicator],
            readiness: (bus: EventBusHealthIndicator) => [() => bus.isHealthy('rabbitmq')],
          },
        }),
      ],
      providers: [
        ...PAYMENT_SUBSCRIPTIONS,
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
