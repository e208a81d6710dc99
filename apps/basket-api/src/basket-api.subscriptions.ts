import type { Type } from '@nestjs/common';
import { OrderStartedIntegrationEventHandler } from './integration-events/order-started.integration-event-handler';
import { ProductPriceChangedIntegrationEventHandler } from './integration-events/product-price-changed.integration-event-handler';

/**
 * Everything basket-api consumes, in one place. Each handler binds the service queue to its
 * event (ProductPriceChangedIntegrationEvent, OrderStartedIntegrationEvent).
 */
export const basketApiSubscriptions: ReadonlyArray<Type<unknown>> = [
  ProductPriceChangedIntegrationEventHandler,
  OrderStartedIntegrationEventHandler,
];
