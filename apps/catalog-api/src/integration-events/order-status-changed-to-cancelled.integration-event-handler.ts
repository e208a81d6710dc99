import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  type OrderStatusChangedToCancelledIntegrationEvent,
} from '@eshop/contracts';
import { ReleaseOrderStockUseCase } from '../application/release-order-stock.use-case';

/** The order is cancelled (stock rejected, payment failed, buyer): its reserved units come back. */
@Injectable()
export class OrderStatusChangedToCancelledIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STATUS_CHANGED_TO_CANCELLED);

  constructor(@Inject(ReleaseOrderStockUseCase) private readonly releaseStock: ReleaseOrderStockUseCase) {}

  @EventPattern(ORDER_STATUS_CHANGED_TO_CANCELLED)
  async handle(@Payload() event: OrderStatusChangedToCancelledIntegrationEvent): Promise<void> {
    const outcome = await this.releaseStock.execute(event);
    this.logger.log({ msg: 'order stock released', eventId: event.id, orderId: event.orderId, ...outcome });
  }
}
