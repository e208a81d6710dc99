import { USER_CHECKOUT_ACCEPTED } from './basket/user-checkout-accepted.integration-event';
import { ORDER_STOCK_CONFIRMED, ORDER_STOCK_REJECTED } from './catalog/order-stock.integration-event';
import { PRODUCT_PRICE_CHANGED } from './catalog/product-price-changed.integration-event';
import { GRACE_PERIOD_CONFIRMED, ORDER_STARTED } from './ordering/order-started.integration-event';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STATUS_CHANGED_TO_SHIPPED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
} from './ordering/order-status-changed.integration-event';
import { ORDER_PAYMENT_FAILED, ORDER_PAYMENT_REFUNDED, ORDER_PAYMENT_SUCCEEDED } from './payment/order-payment.integration-event';
import type { IntegrationEventName } from './registry';

/**
 * The contract's subscriber table: which services' queues (competing consumers, named after
 * the service) each event must reach. A publisher declares these queues and bindings when it
 * starts, so an event published before its consumer's first start waits in the queue instead
 * of being dropped as unroutable. Broadcast subscribers (one exclusive queue per instance,
 * e.g. a gateway pushing live status) are not listed: they only want what happens while they run.
 */
export const integrationEventSubscribers: Readonly<Record<IntegrationEventName, readonly string[]>> = {
  [PRODUCT_PRICE_CHANGED]: ['basket-api'],
  [USER_CHECKOUT_ACCEPTED]: ['ordering-api'],
  [ORDER_STARTED]: ['basket-api'],
  [GRACE_PERIOD_CONFIRMED]: ['ordering-api'],
  [ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION]: ['catalog-api'],
  [ORDER_STOCK_CONFIRMED]: ['ordering-api'],
  [ORDER_STOCK_REJECTED]: ['ordering-api'],
  [ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED]: ['payment-api'],
  [ORDER_PAYMENT_SUCCEEDED]: ['ordering-api'],
  [ORDER_PAYMENT_FAILED]: ['ordering-api'],
  [ORDER_STATUS_CHANGED_TO_PAID]: ['catalog-api'],
  [ORDER_STATUS_CHANGED_TO_SHIPPED]: [],
  [ORDER_STATUS_CHANGED_TO_CANCELLED]: ['catalog-api', 'payment-api'],
  [ORDER_PAYMENT_REFUNDED]: ['ordering-api'],
};

/** The table turned around: each subscribing service's queue and the events bound to it. */
export function subscriberQueues(): Array<{ readonly service: string; readonly events: readonly string[] }> {
  const byService = new Map<string, string[]>();
  for (const [event, services] of Object.entries(integrationEventSubscribers)) {
    for (const service of services) byService.set(service, [...(byService.get(service) ?? []), event]);
  }
  return [...byService].map(([service, events]) => ({ service, events }));
}
