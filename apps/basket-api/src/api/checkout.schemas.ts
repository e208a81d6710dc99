import { z } from 'zod';
import { userCheckoutAcceptedSchema } from '@eshop/contracts';
import { hasControlCharacter } from '../domain/control-characters';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** The card types ordering knows (`GET /api/orders/cardtypes`): Amex 1, Visa 2, MasterCard 3. */
const CARD_TYPE_IDS = [1, 2, 3];

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
  .extend({
    cardTypeId: z.number().int().refine((id) => CARD_TYPE_IDS.includes(id), `must be one of ${CARD_TYPE_IDS.join(', ')}`),
  })
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
