import { type z } from 'zod';
import { entityId, integrationEventBase } from '../integration-event';

export const ORDER_PAYMENT_SUCCEEDED = 'OrderPaymentSucceededIntegrationEvent';
export const ORDER_PAYMENT_FAILED = 'OrderPaymentFailedIntegrationEvent';

export const orderPaymentSucceededSchema = integrationEventBase.extend({ orderId: entityId });
export const orderPaymentFailedSchema = integrationEventBase.extend({ orderId: entityId });

export type OrderPaymentSucceededIntegrationEvent = z.infer<typeof orderPaymentSucceededSchema>;
export type OrderPaymentFailedIntegrationEvent = z.infer<typeof orderPaymentFailedSchema>;
