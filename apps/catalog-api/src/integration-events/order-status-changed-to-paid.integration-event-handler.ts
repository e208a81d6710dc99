import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ORDER_STATUS_CHANGED_TO_PAID,
  type OrderStatusChangedToPaidIntegrationEvent,
} from '@eshop/contracts';
import { TakeOrderStockUseCase } from '../application/take-order-stock.use-case';

/** The order is paid: its reservation is converted, its units leave the stock for good, once. */
@Injectable()
export class OrderStatusChangedToPaidIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_STATUS_CHANGED_TO_PAID);

  constructor(@Inject(TakeOrderStockUseCase) private readonly takeStock: TakeOrderStockUseCase) {}

  @EventPattern(ORDER_STATUS_CHANGED_TO_PAID)
  async handle(@Payload() event: OrderStatusChangedToPaidIntegrationEvent): Promise<void> {
    const outcome = await this.takeStock.execute(event);
    const fields = { eventId: event.id, orderId: event.orderId, ...outcome };
    if (outcome.kind === 'taken-unreserved' && outcome.shortfalls.length > 0) {
      // Only an order validated before reservations existed can get here (ADR 0008).
      this.logger.warn({ ...fields, msg: 'order paid without a reservation, beyond the stock left' });
    } else {
      this.logger.log({ ...fields, msg: 'order stock taken' });
    }
  }
}
