import { z } from 'zod';

/**
 * `POST /api/basket/items` as the client sends it: which product and how many. Name,
 * price, picture and version come from catalog, never from the client. Basket-api applies
 * its own limits (largest quantity) and its 400 reaches the client unchanged.
 */
export const addBasketItemSchema = z
  .object({
    productId: z.number().int().positive(),
    quantity: z.number().int().positive(),
  })
  .strict();

export type AddBasketItemRequest = z.infer<typeof addBasketItemSchema>;
