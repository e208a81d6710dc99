import { z } from 'zod';

/** Catalog ids are Postgres `integer`s: a larger id names no product. */
const MAX_PRODUCT_ID = 2_147_483_647;

/**
 * `POST /api/basket/items` as the client sends it: which product and how many. Name,
 * price, picture and version come from catalog, never from the client. Basket-api applies
 * its own limits (largest quantity) and its 400 reaches the client unchanged.
 */
export const addBasketItemSchema = z
  .object({
    productId: z.number().int().positive().max(MAX_PRODUCT_ID),
    quantity: z.number().int().positive(),
  })
  .strict();

export type AddBasketItemRequest = z.infer<typeof addBasketItemSchema>;
