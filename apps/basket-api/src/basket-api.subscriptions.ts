import { OrderStartedIntegrationEventHandler } from './application/order-started.integration-event-handler';
import { ProductPriceChangedIntegrationEventHandler } from './application/product-price-changed.integration-event-handler';

/**
 * Everything basket-api consumes, in one place. Each handler binds the service queue to its
 * event (ProductPriceChangedIntegrationEvent, OrderStartedIntegrationEvent).
 */
export const BASKET_API_SUBSCRIPTIONS = [
  ProductPriceChangedIntegrationEventHandler,
  OrderStartedIntegrationEventHandler,
];
