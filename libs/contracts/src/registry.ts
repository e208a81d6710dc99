import type { z } from 'zod';
import {
  ORDER_STOCK_CONFIRMED,
  ORDER_STOCK_REJECTED,
  orderStockConfirmedSchema,
  orderStockRejectedSchema,
} from './catalog/order-stock.integration-event';
import {
  PRODUCT_PRICE_CHANGED,
  productPriceChangedSchema,
} from './catalog/product-price-changed.integration-event';
import {
  USER_CHECKOUT_ACCEPTED,
  userCheckoutAcceptedSchema,
} from './basket/user-checkout-accepted.integration-event';
import {
  GRACE_PERIOD_CONFIRMED,
  ORDER_STARTED,
  gracePeriodConfirmedSchema,
  orderStartedSchema,
} from './ordering/order-started.integration-event';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STATUS_CHANGED_TO_SHIPPED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  orderStatusChangedToAwaitingValidationSchema,
  orderStatusChangedToCancelledSchema,
  orderStatusChangedToPaidSchema,
  orderStatusChangedToShippedSchema,
  orderStatusChangedToStockConfirmedSchema,
} from './ordering/order-status-changed.integration-event';
import {
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_REFUNDED,
  ORDER_PAYMENT_SUCCEEDED,
  orderPaymentFailedSchema,
  orderPaymentRefundedSchema,
  orderPaymentSucceededSchema,
} from './payment/order-payment.integration-event';

/** Every integration event of the contract: wire name → runtime schema. */
export const integrationEventSchemas = {
  [PRODUCT_PRICE_CHANGED]: productPriceChangedSchema,
  [USER_CHECKOUT_ACCEPTED]: userCheckoutAcceptedSchema,
  [ORDER_STARTED]: orderStartedSchema,
  [GRACE_PERIOD_CONFIRMED]: gracePeriodConfirmedSchema,
  [ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION]: orderStatusChangedToAwaitingValidationSchema,
  [ORDER_STOCK_CONFIRMED]: orderStockConfirmedSchema,
  [ORDER_STOCK_REJECTED]: orderStockRejectedSchema,
  [ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED]: orderStatusChangedToStockConfirmedSchema,
  [ORDER_PAYMENT_SUCCEEDED]: orderPaymentSucceededSchema,
  [ORDER_PAYMENT_FAILED]: orderPaymentFailedSchema,
  [ORDER_STATUS_CHANGED_TO_PAID]: orderStatusChangedToPaidSchema,
  [ORDER_STATUS_CHANGED_TO_SHIPPED]: orderStatusChangedToShippedSchema,
  [ORDER_STATUS_CHANGED_TO_CANCELLED]: orderStatusChangedToCancelledSchema,
  [ORDER_PAYMENT_REFUNDED]: orderPaymentRefundedSchema,
} as const;

type Schemas = typeof integrationEventSchemas;

/** Wire name → event type, the type parameter of `EventBus` for this system. */
export type IntegrationEventMap = { [N in keyof Schemas]: z.infer<Schemas[N]> };
export type IntegrationEventName = keyof IntegrationEventMap;

/** Thrown when a message's body does not satisfy its event's schema (or names no event). */
export class InvalidIntegrationEventError extends Error {
  override readonly name = 'InvalidIntegrationEventError';
  constructor(
    readonly eventName: string,
    readonly problems: string[],
  ) {
    super(`${eventName} is invalid: ${problems.join('; ')}`);
  }
}

function isEventName(name: string): name is IntegrationEventName {
  return Object.prototype.hasOwnProperty.call(integrationEventSchemas, name);
}

/**
 * The schema registry the event bus uses to validate what it publishes and receives.
 * Structurally it is the bus' `EventSchemaRegistry<IntegrationEventMap>`.
 */
export const integrationEvents = {
  names: Object.keys(integrationEventSchemas) as IntegrationEventName[],
  has: isEventName,
  parse<N extends IntegrationEventName>(name: N, data: unknown): IntegrationEventMap[N] {
    if (!isEventName(name)) {
      throw new InvalidIntegrationEventError(String(name), ['unknown event name']);
    }
    const schema: z.ZodType = integrationEventSchemas[name];
    const result = schema.safeParse(data);
    if (!result.success) {
      const problems = result.error.issues.map(
        (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
      );
      throw new InvalidIntegrationEventError(name, problems);
    }
    return result.data as IntegrationEventMap[N];
  },
};
