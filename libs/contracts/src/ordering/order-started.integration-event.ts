import { z } from 'zod';
import { entityId, integrationEventBase } from '../integration-event';

export const ORDER_STARTED = 'OrderStartedIntegrationEvent';
export const GRACE_PERIOD_CONFIRMED = 'GracePeriodConfirmedIntegrationEvent';

/** Ordering accepted a checkout as an order; basket may now delete the buyer's basket. */
export const orderStartedSchema = integrationEventBase.extend({
  userId: z.string().min(1).max(100),
  orderId: entityId,
});

/** The order's grace period (when the buyer may still cancel for free) is over. */
export const gracePeriodConfirmedSchema = integrationEventBase.extend({ orderId: entityId });

export type OrderStartedIntegrationEvent = z.infer<typeof orderStartedSchema>;
export type GracePeriodConfirmedIntegrationEvent = z.infer<typeof gracePeriodConfirmedSchema>;
