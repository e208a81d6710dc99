import type { Type } from '@nestjs/common';
import { OrderStatusChangedToStockConfirmedIntegrationEventHandler } from './integration-events/order-status-changed-to-stock-confirmed.integration-event-handler';

/** Everything payment-api consumes, in one place (docs/patterns/saga-choreography.md). */
export const paymentApiSubscriptions: ReadonlyArray<Type<unknown>> = [OrderStatusChangedToStockConfirmedIntegrationEventHandler];
