import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_STOCK_REJECTED, type OrderStockRejectedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { AdvanceOrderSagaUseCase } from '../application/advance-order-saga.use-case';
import { logSagaStep } from './saga-step-log';

/** Compensation: catalog lacks stock, the order is cancelled with the products named. */
@Injectable()
export class OrderStockRejectedIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STOCK_REJECTED);

  constructor(@Inject(AdvanceOrderSagaUseCase) private readonly saga: AdvanceOrderSagaUseCase) {}

  @EventPattern(ORDER_STOCK_REJECTED)
  async handle(@Payload() event: OrderStockRejectedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.execute(ORDER_STOCK_REJECTED, event, context.delivery.traceparent));
  }
}
