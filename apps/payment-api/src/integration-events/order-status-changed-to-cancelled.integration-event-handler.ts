import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_STATUS_CHANGED_TO_CANCELLED, type OrderStatusChangedToCancelledIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { RefundPaymentUseCase } from '../application/refund-payment.use-case';

/** An order was cancelled: refund what was charged, or make sure it is never charged. */
@Injectable()
export class OrderStatusChangedToCancelledIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STATUS_CHANGED_TO_CANCELLED);

  constructor(@Inject(RefundPaymentUseCase) private readonly refundPayment: RefundPaymentUseCase) {}

  @EventPattern(ORDER_STATUS_CHANGED_TO_CANCELLED)
  async handle(
    @Payload() event: OrderStatusChangedToCancelledIntegrationEvent,
    @Ctx() context: RabbitMqContext,
  ): Promise<void> {
    const outcome = await this.refundPayment.execute(event, context.delivery.traceparent);
    this.logger.log({ msg: 'cancellation processed', eventId: event.id, orderId: event.orderId, ...outcome });
  }
}
