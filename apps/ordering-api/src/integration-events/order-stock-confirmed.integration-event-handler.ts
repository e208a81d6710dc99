import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_STOCK_CONFIRMED, type OrderStockConfirmedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { AdvanceOrderSagaUseCase } from '../application/advance-order-saga.use-case';
import { logSagaStep } from './saga-step-log';

/** Catalog has the stock: awaitingvalidation → stockconfirmed, then payment. */
@Injectable()
export class OrderStockConfirmedIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STOCK_CONFIRMED);

  constructor(@Inject(AdvanceOrderSagaUseCase) private readonly saga: AdvanceOrderSagaUseCase) {}

  @EventPattern(ORDER_STOCK_CONFIRMED)
  async handle(@Payload() event: OrderStockConfirmedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.execute(ORDER_STOCK_CONFIRMED, event, context.delivery.traceparent));
  }
}
