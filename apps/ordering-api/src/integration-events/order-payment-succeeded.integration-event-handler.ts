import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_PAYMENT_SUCCEEDED, type OrderPaymentSucceededIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { AdvanceOrderSagaUseCase } from '../application/advance-order-saga.use-case';
import { logSagaStep } from './saga-step-log';

/** Payment took the money: stockconfirmed → paid, then catalog removes the stock. */
@Injectable()
export class OrderPaymentSucceededIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_PAYMENT_SUCCEEDED);

  constructor(@Inject(AdvanceOrderSagaUseCase) private readonly saga: AdvanceOrderSagaUseCase) {}

  @EventPattern(ORDER_PAYMENT_SUCCEEDED)
  async handle(@Payload() event: OrderPaymentSucceededIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.execute(ORDER_PAYMENT_SUCCEEDED, event, context.delivery.traceparent));
  }
}
