import type { Type } from '@nestjs/common';
import { OrderStatusChangedToAwaitingValidationIntegrationEventHandler } from './integration-events/order-status-changed-to-awaiting-validation.integration-event-handler';
import { OrderStatusChangedToPaidIntegrationEventHandler } from './integration-events/order-status-changed-to-paid.integration-event-handler';

/**
 * Everything catalog-api consumes, in one place: the classes (in integration-events/) whose
 * `@EventPattern(<wire-name constant>)` methods handle integration events — the checkout
 * saga's stock handlers (docs/patterns/saga-choreography.md).
 *
 * While the list is empty catalog consumes nothing: it declares no queue and does not start
 * the event-bus transport (main.ts passes `consumesEvents: false`).
 */
export const catalogSubscriptions: ReadonlyArray<Type<unknown>> = [
  OrderStatusChangedToAwaitingValidationIntegrationEventHandler, // → OrderStockConfirmed / Rejected
  OrderStatusChangedToPaidIntegrationEventHandler, // → stock taken, once per order
];

export const catalogConsumesEvents = catalogSubscriptions.length > 0;
