import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  type OrderStatusChangedToStockConfirmedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { ProcessPaymentUseCase } from '../application/process-payment.use-case';

/**
 * The stock is confirmed: take the money. A failed transaction throws, so the bus retries the
 * delivery (and parks it after the last retry).
 */
@Injectable()
export class OrderStatusChangedToStockConfirmedIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED);

  constructor(@Inject(ProcessPaymentUseCase) private readonly processPayment: ProcessPaymentUseCase) {}

  @EventPattern(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED)
  async handle(
    @Payload() event: OrderStatusChangedToStockConfirmedIntegrationEvent,
    @Ctx() context: RabbitMqContext,
  ): Promise<void> {
    const outcome = await this.processPayment.execute(event, context.delivery.traceparent);
    this.logger.log({ msg: 'payment processed', eventId: event.id, orderId: event.orderId, ...outcome });
  }
}
