import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  type OrderStatusChangedToAwaitingValidationIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { ValidateOrderStockUseCase } from '../application/validate-order-stock.use-case';

/** The checkout saga asks whether the order's items are in stock. */
@Injectable()
export class OrderStatusChangedToAwaitingValidationIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION);

  constructor(@Inject(ValidateOrderStockUseCase) private readonly validate: ValidateOrderStockUseCase) {}

  @EventPattern(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION)
  async handle(
    @Payload() event: OrderStatusChangedToAwaitingValidationIntegrationEvent,
    @Ctx() context: RabbitMqContext,
  ): Promise<void> {
    const outcome = await this.validate.execute(event, context.delivery.traceparent);
    this.logger.log({ msg: 'order stock validated', eventId: event.id, orderId: event.orderId, ...outcome });
  }
}
