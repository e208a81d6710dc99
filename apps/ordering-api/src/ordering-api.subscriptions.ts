import type { Type } from '@nestjs/common';
import { GracePeriodConfirmedIntegrationEventHandler } from './integration-events/grace-period-confirmed.integration-event-handler';
import { OrderPaymentFailedIntegrationEventHandler } from './integration-events/order-payment-failed.integration-event-handler';
import { OrderPaymentRefundedIntegrationEventHandler } from './integration-events/order-payment-refunded.integration-event-handler';
import { OrderPaymentSucceededIntegrationEventHandler } from './integration-events/order-payment-succeeded.integration-event-handler';
import { OrderStockConfirmedIntegrationEventHandler } from './integration-events/order-stock-confirmed.integration-event-handler';
import { OrderStockRejectedIntegrationEventHandler } from './integration-events/order-stock-rejected.integration-event-handler';
import { UserCheckoutAcceptedIntegrationEventHandler } from './integration-events/user-checkout-accepted.integration-event-handler';

/**
 * Everything ordering-api consumes, in one place: each class' `@EventPattern` binds the
 * service queue to its event. Read in saga order (docs/patterns/saga-choreography.md).
 */
export const orderingApiSubscriptions: ReadonlyArray<Type<unknown>> = [
  UserCheckoutAcceptedIntegrationEventHandler, // basket: checkout → order submitted
  GracePeriodConfirmedIntegrationEventHandler, // ordering's worker → awaitingvalidation
  OrderStockConfirmedIntegrationEventHandler, // catalog → stockconfirmed
  OrderStockRejectedIntegrationEventHandler, // catalog → cancelled (compensation)
  OrderPaymentSucceededIntegrationEventHandler, // payment → paid
  OrderPaymentFailedIntegrationEventHandler, // payment → cancelled (compensation)
  OrderPaymentRefundedIntegrationEventHandler, // payment refunded a cancelled order
];
