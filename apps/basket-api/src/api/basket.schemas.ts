import { z } from 'zod';
import { BASKET_LIMITS, type RequestedLine } from '../domain/basket';

/** Catalog's ids are Postgres `integer`s: a larger one names no product. */
const MAX_PRODUCT_ID = 2_147_483_647;

const productId = z.number().int().positive().max(MAX_PRODUCT_ID);
const quantity = z.number().int().positive().max(BASKET_LIMITS.maxQuantity);

/**
 * One line as a client writes it: which product and how many, nothing else. Name, price,
 * picture and version come from catalog; a client that sends them gets a 400 naming them.
 */
const requestedLine = z.object({ productId, quantity }).strict();

/** `PUT /api/basket`: the new content of the caller's basket. */
export const replaceBasketSchema = z
  .object({
    items: z
      .array(requestedLine)
      .max(BASKET_LIMITS.maxItems, `a basket holds at most ${BASKET_LIMITS.maxItems} different products`),
  })
  .strict()
  .superRefine(({ items }, context) => {
    const seen = new Set<number>();
    items.forEach((item, index) => {
      if (seen.has(item.productId)) {
        context.addIssue({
          code: 'custom',
          path: ['items', index, 'productId'],
          message: `product ${item.productId} appears twice: send one line per product`,
        });
      }
      seen.add(item.productId);
    });
  });

/** `POST /api/basket/items`: add `quantity` units of a product (to its line if there is one). */
export const addItemSchema = requestedLine;

export type ReplaceBasketRequest = z.infer<typeof replaceBasketSchema>;
export type AddItemRequest = z.infer<typeof addItemSchema>;

export function toRequestedLines(request: ReplaceBasketRequest): RequestedLine[] {
  return request.items.map(({ productId, quantity }) => ({ productId, quantity }));
}
