import type { Type } from '@nestjs/common';
import { OrderStatusChangedToAwaitingValidationIntegrationEventHandler } from './integration-events/order-status-changed-to-awaiting-validation.integration-event-handler';
import { OrderStatusChangedToCancelledIntegrationEventHandler } from './integration-events/order-status-changed-to-cancelled.integration-event-handler';
import { OrderStatusChangedToPaidIntegrationEventHandler } from './integration-events/order-status-changed-to-paid.integration-event-handler';

/**
 * Everything catalog-api consumes, in one place: the classes (in integration-events/) whose
 * `@EventPattern(<wire-name constant>)` methods handle integration events — the checkout
 * saga's stock handlers (docs/patterns/saga-choreography.md). The app module provides them;
 * the event bus finds their `@EventPattern` methods at start and binds the queue to them.
 */
export const catalogApiSubscriptions: ReadonlyArray<Type<unknown>> = [
  OrderStatusChangedToAwaitingValidationIntegrationEventHandler, // → stock reserved + OrderStockConfirmed, or Rejected
  OrderStatusChangedToPaidIntegrationEventHandler, // → reservation converted, once per order
  OrderStatusChangedToCancelledIntegrationEventHandler, // → compensation: reservation released
];
