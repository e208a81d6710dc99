import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_PAYMENT_FAILED, type OrderPaymentFailedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { OrderSagaSteps } from '../application/order-saga.steps';
import { logSagaStep } from './saga-step-log';

/** Compensation: the payment failed, the order is cancelled. */
@Injectable()
export class OrderPaymentFailedIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_PAYMENT_FAILED);

  constructor(@Inject(OrderSagaSteps) private readonly saga: OrderSagaSteps) {}

  @EventPattern(ORDER_PAYMENT_FAILED)
  async handle(@Payload() event: OrderPaymentFailedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.failPayment(event, context.delivery.traceparent));
  }
}
