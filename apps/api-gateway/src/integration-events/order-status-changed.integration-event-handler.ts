import { Inject, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  OrderStatusChangedToAwaitingValidationIntegrationEvent,
  OrderStatusChangedToCancelledIntegrationEvent,
  OrderStatusChangedToPaidIntegrationEvent,
  OrderStatusChangedToShippedIntegrationEvent,
  OrderStatusChangedToStockConfirmedIntegrationEvent,
} from '@eshop/contracts';
import { Broadcast, type RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { OrderStatusFeed } from '../application/order-status-feed';
import { isOrderStatusEventName, ORDER_STATUS_EVENT_NAMES, STATUS_BY_EVENT } from '../domain/order-status-change';

type OrderStatusChangedEvent =
  | OrderStatusChangedToAwaitingValidationIntegrationEvent
  | OrderStatusChangedToStockConfirmedIntegrationEvent
  | OrderStatusChangedToPaidIntegrationEvent
  | OrderStatusChangedToShippedIntegrationEvent
  | OrderStatusChangedToCancelledIntegrationEvent;

/**
 * Every OrderStatusChangedTo… event, on this instance's broadcast queue (`@Broadcast()`): each
 * gateway instance holds its own buyers' streams, so each must see every change, where the
 * instances of a service share its queue. The change goes to the buyer's open streams.
 */
@Broadcast()
@Injectable()
export class OrderStatusChangedIntegrationEventHandler {
  constructor(@Inject(OrderStatusFeed) private readonly feed: OrderStatusFeed) {}

  @EventPattern(ORDER_STATUS_EVENT_NAMES)
  handle(@Payload() event: OrderStatusChangedEvent, @Ctx() context: RabbitMqContext): void {
    const { eventName } = context.delivery;
    // The bus delivers only the names bound above; a stranger is a bug, and parked with this error.
    if (!isOrderStatusEventName(eventName)) throw new Error(`not an order status event: ${eventName}`);
    this.feed.publish({
      eventId: event.id,
      orderId: event.orderId,
      status: STATUS_BY_EVENT[eventName],
      buyerId: event.buyerId,
      occurredAt: event.creationDate,
    });
  }
}
