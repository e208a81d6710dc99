import { z } from 'zod';
import { userCheckoutAcceptedSchema } from '@eshop/contracts';
import { hasControlCharacter } from '../domain/control-characters';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Ordering keeps the card type in a Postgres `integer`: a larger id could never be stored. */
const MAX_CARD_TYPE_ID = 2_147_483_647;

/**
 * `POST /api/basket/checkout` body: address and card, validated with the contract's own
 * field rules, no control characters in any text and no card type id ordering could never
 * store (both would be accepted here and then fail in ordering on every delivery), and no
 * expired card.
 * The buyer comes from the token, the items from the stored basket.
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
  .extend({ cardTypeId: z.number().int().positive().max(MAX_CARD_TYPE_ID) })
  .strict()
  .superRefine((body, context) => {
    if (Date.parse(body.cardExpiration) <= Date.now()) {
      context.addIssue({ code: 'custom', path: ['cardExpiration'], message: 'the card has expired' });
    }
    for (const [field, value] of Object.entries(body)) {
      if (typeof value === 'string' && hasControlCharacter(value)) {
        context.addIssue({ code: 'custom', path: [field], message: 'must not contain control characters' });
      }
    }
  });

/**
 * The client's idempotency key, scoped to the buyer: a retry with the same id never checks
 * out twice. The nil uuid is refused: it is what a client sends when it forgot to make one.
 */
export const checkoutHeadersSchema = z.object({
  'x-requestid': z
    .uuid({ error: (issue) => (issue.input === undefined ? 'header is required' : 'must be a uuid') })
    .refine((id) => id !== NIL_UUID, 'must not be the nil uuid'),
});

export type CheckoutRequest = z.infer<typeof checkoutSchema>;
