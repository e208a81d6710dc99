import type { Type } from '@nestjs/common';
import { OrderStatusChangedToCancelledIntegrationEventHandler } from './integration-events/order-status-changed-to-cancelled.integration-event-handler';
import { OrderStatusChangedToStockConfirmedIntegrationEventHandler } from './integration-events/order-status-changed-to-stock-confirmed.integration-event-handler';

/** Everything payment-api consumes, in one place (docs/patterns/saga-choreography.md). */
export const paymentApiSubscriptions: ReadonlyArray<Type<unknown>> = [
  OrderStatusChangedToStockConfirmedIntegrationEventHandler, // ordering: stock confirmed → charge
  OrderStatusChangedToCancelledIntegrationEventHandler, // ordering: cancelled → refund (or never charge)
];
