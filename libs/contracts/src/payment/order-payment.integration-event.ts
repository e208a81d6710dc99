import { type z } from 'zod';
import { entityId, integrationEventBase, money } from '../integration-event';

export const ORDER_PAYMENT_SUCCEEDED = 'OrderPaymentSucceededIntegrationEvent';
export const ORDER_PAYMENT_FAILED = 'OrderPaymentFailedIntegrationEvent';
export const ORDER_PAYMENT_REFUNDED = 'OrderPaymentRefundedIntegrationEvent';

export const orderPaymentSucceededSchema = integrationEventBase.extend({ orderId: entityId });
export const orderPaymentFailedSchema = integrationEventBase.extend({ orderId: entityId });
/** Payment gave back what it charged for an order the buyer (or the saga) cancelled. */
export const orderPaymentRefundedSchema = integrationEventBase.extend({ orderId: entityId, amount: money });

export type OrderPaymentSucceededIntegrationEvent = z.infer<typeof orderPaymentSucceededSchema>;
export type OrderPaymentFailedIntegrationEvent = z.infer<typeof orderPaymentFailedSchema>;
export type OrderPaymentRefundedIntegrationEvent = z.infer<typeof orderPaymentRefundedSchema>;
