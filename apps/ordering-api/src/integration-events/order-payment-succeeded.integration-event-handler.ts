import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_PAYMENT_SUCCEEDED, type OrderPaymentSucceededIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { OrderSagaSteps } from '../application/order-saga.steps';
import { logSagaStep } from './saga-step-log';

/** Payment took the money: stockconfirmed → paid, then catalog removes the stock. */
@Injectable()
export class OrderPaymentSucceededIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_PAYMENT_SUCCEEDED);

  constructor(@Inject(OrderSagaSteps) private readonly saga: OrderSagaSteps) {}

  @EventPattern(ORDER_PAYMENT_SUCCEEDED)
  async handle(@Payload() event: OrderPaymentSucceededIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.markPaid(event, context.delivery.traceparent));
  }
}
