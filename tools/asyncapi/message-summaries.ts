import type { IntegrationEventName } from '@eshop/contracts';

/**
 * One line per event for the catalogue's message `summary`: what happened, and the step it
 * starts. Typed by the contract's event names, so adding an event to libs/contracts does not
 * compile until it has a summary here. Who publishes and who consumes is not repeated: the
 * generator derives it from the code (channel descriptions, operations). The contract's own
 * doc comment on the schema, where there is one, goes to the message's `description`.
 */
export const MESSAGE_SUMMARIES: Readonly<Record<IntegrationEventName, string>> = {
  ProductPriceChangedIntegrationEvent:
    "A catalog item's price changed; baskets holding the product take the new price and show the old one.",
  UserCheckoutAcceptedIntegrationEvent:
    "A buyer checked out: the basket's lines, address and card, keyed by the client's request id.",
  OrderStartedIntegrationEvent:
    'Ordering created the order for a checkout; basket removes the units that checkout took.',
  GracePeriodConfirmedIntegrationEvent:
    "A submitted order's grace period ended; ordering moves it to awaitingvalidation.",
  OrderStatusChangedToAwaitingValidationIntegrationEvent:
    'An order awaits stock validation; its lines (product, units) are to be checked against stock.',
  OrderStockConfirmedIntegrationEvent:
    "Catalog has stock for every line of the order; the saga goes on to payment.",
  OrderStockRejectedIntegrationEvent:
    'Catalog lacks stock for at least one line; ordering cancels the order (compensation).',
  OrderStatusChangedToStockConfirmedIntegrationEvent:
    "An order's stock is confirmed; its payment (the order's total) is to be taken.",
  OrderPaymentSucceededIntegrationEvent:
    "The order's payment succeeded; ordering marks the order paid.",
  OrderPaymentFailedIntegrationEvent:
    "The order's payment failed; ordering cancels the order (compensation).",
  OrderStatusChangedToPaidIntegrationEvent:
    'An order is paid; its units leave the catalog stock, once per order.',
  OrderStatusChangedToShippedIntegrationEvent:
    'An admin shipped a paid order.',
  OrderStatusChangedToCancelledIntegrationEvent:
    'An order was cancelled: stock rejected, payment failed or the buyer cancelled (the reason says which).',
  OrderPaymentRefundedIntegrationEvent:
    'Payment gave back what it charged for an order that was cancelled; ordering records the refunded amount.',
};
