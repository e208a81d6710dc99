import { OrderStatusChangedToStockConfirmedIntegrationEventHandler } from './integration-events/order-status-changed-to-stock-confirmed.integration-event-handler';

/** Everything payment-api consumes, in one place (docs/patterns/saga-choreography.md). */
export const PAYMENT_SUBSCRIPTIONS = [OrderStatusChangedToStockConfirmedIntegrationEventHandler];
