import type { Type } from '@nestjs/common';

/**
 * Everything catalog-api consumes, in one place: the classes (in integration-events/) whose
 * `@EventPattern(<wire-name constant>)` methods handle integration events. The checkout
 * saga's stock handlers (order awaiting validation → stock confirmed/rejected; order paid →
 * stock taken) arrive with their own issue and are registered here.
 *
 * While the list is empty catalog consumes nothing: it declares no queue and does not start
 * the event-bus transport (main.ts passes `consumesEvents: false`).
 */
export const catalogSubscriptions: ReadonlyArray<Type<unknown>> = [];

export const catalogConsumesEvents = catalogSubscriptions.length > 0;
