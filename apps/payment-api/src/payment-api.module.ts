import { Module, type DynamicModule } from '@nestjs/common';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { EVENT_BUS, EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { ServiceHostModule } from '@eshop/service-host';
import { ProcessPaymentUseCase } from './application/process-payment.use-case';
import type { PaymentApiConfig } from './payment-api.config';
import { paymentApiSubscriptions } from './payment-api.subscriptions';

/**
 * payment-api: the simulated payment step of the checkout saga. Event-only: no data store,
 * no routes besides /health; it consumes StockConfirmed and publishes the payment result.
 */
@Module({})
export class PaymentApiModule {
  static register(config: PaymentApiConfig): DynamicModule {
    return {
      module: PaymentApiModule,
      imports: [
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'payment-api',
          env: config,
          auth: false,
          eventBus: { registry: integrationEvents },
          readiness: {
            inject: [EventBusHealthIndicator],
            // Consume-only: ready while it consumes.
            readiness: (bus: EventBusHealthIndicator) => [() => bus.isConsuming('rabbitmq')],
          },
        }),
      ],
      providers: [
        ...paymentApiSubscriptions,
        {
          provide: ProcessPaymentUseCase,
          inject: [EVENT_BUS],
          useFactory: (bus: EventBus<IntegrationEventMap>) =>
            new ProcessPaymentUseCase(bus, { succeeds: config.PAYMENT_SUCCEEDS }),
        },
      ],
    };
  }
}
