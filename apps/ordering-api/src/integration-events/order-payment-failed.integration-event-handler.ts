import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_PAYMENT_FAILED, type OrderPaymentFailedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { AdvanceOrderSagaUseCase } from '../application/advance-order-saga.use-case';
import { logSagaStep } from './saga-step-log';

/** Compensation: the payment failed, the order is cancelled. */
@Injectable()
export class OrderPaymentFailedIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_PAYMENT_FAILED);

  constructor(@Inject(AdvanceOrderSagaUseCase) private readonly saga: AdvanceOrderSagaUseCase) {}

  @EventPattern(ORDER_PAYMENT_FAILED)
  async handle(@Payload() event: OrderPaymentFailedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.execute(ORDER_PAYMENT_FAILED, event, context.delivery.traceparent));
  }
}
