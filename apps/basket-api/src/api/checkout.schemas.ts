import { z } from 'zod';
import { userCheckoutAcceptedSchema } from '@eshop/contracts';

/**
 * `POST /api/basket/checkout` body: address and card, validated with the contract's own
 * field rules. The buyer comes from the token, the items from the stored basket.
 */
export const checkoutSchema = userCheckoutAcceptedSchema
  .pick({
    city: true,
    street: true,
    state: true,
    country: true,
    zipCode: true,
    cardNumber: true,
    cardHolderName: true,
    cardExpiration: true,
    cardSecurityNumber: true,
    cardTypeId: true,
  })
  .strict();

/** The client's idempotency key: a retry with the same id never checks out twice. */
export const checkoutHeadersSchema = z.object({ 'x-requestid': z.uuid({
    error: (issue) => (issue.input === undefined ? 'header is required' : 'must be a uuid'),
  }) });

export type CheckoutRequest = z.infer<typeof checkoutSchema>;
