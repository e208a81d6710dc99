import { SetMetadata } from '@nestjs/common';

export const BROADCAST_METADATA = 'eshop:event-bus:broadcast';

/**
 * On an `@EventPattern` handler class (or one of its methods): every instance of the app
 * gets every such event, through its own exclusive queue, instead of the instances sharing
 * the service queue as competing consumers. For state each instance holds for itself, e.g.
 * the gateway's live order status streams (docs/patterns/event-bus-topology.md).
 *
 *   @Broadcast()
 *   @Injectable()
 *   class OrderStatusChangedIntegrationEventHandler {
 *     @EventPattern(ORDER_STATUS_CHANGED_TO_PAID)
 *     handle(event: OrderStatusChangedToPaidIntegrationEvent) { … }
 *   }
 */
export const Broadcast = () => SetMetadata(BROADCAST_METADATA, true);
