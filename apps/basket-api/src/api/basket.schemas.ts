import { z } from 'zod';
import { basketItemSchema, money, toCents } from '@eshop/contracts';
import { BASKET_LIMITS, UNKNOWN_VERSION, type BasketLineInput } from '../domain/basket';

const { productId, productName, pictureUrl } = basketItemSchema.shape;
const price = money.max(BASKET_LIMITS.maxUnitPrice);
const quantity = z.number().int().positive().max(BASKET_LIMITS.maxQuantity);
/** The catalog item's row version the price was read at (the gateway sends it). */
const catalogVersion = z.number().int().nonnegative();

/**
 * `PUT /api/basket`: the new content of the caller's basket. Items are shaped as
 * `GET /api/basket` returns them (`id` is accepted and ignored: one line per product);
 * `version` is optional: without it, a price change already applied wins over the price sent.
 */
export const replaceBasketSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            id: z.string().max(64).optional(),
            productId,
            productName,
            unitPrice: price,
            oldUnitPrice: price.optional(),
            quantity,
            pictureUrl,
            version: catalogVersion.optional(),
          })
          .strict(),
      )
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

/**
 * `POST /api/basket/items` as basket-api serves it: the client sends `{productId, quantity}`
 * to the gateway, which adds name, price, picture and the catalog `version` from catalog.
 */
export const addItemSchema = z
  .object({ productId, quantity, productName, unitPrice: price, pictureUrl, version: catalogVersion })
  .strict();

export type ReplaceBasketRequest = z.infer<typeof replaceBasketSchema>;
export type AddItemRequest = z.infer<typeof addItemSchema>;

export function toLineInputs(request: ReplaceBasketRequest): BasketLineInput[] {
  return request.items.map((item) => ({
    productId: item.productId,
    productName: item.productName,
    unitPriceCents: toCents(item.unitPrice),
    ...(item.oldUnitPrice === undefined ? {} : { oldUnitPriceCents: toCents(item.oldUnitPrice) }),
    quantity: item.quantity,
    pictureUrl: item.pictureUrl,
    version: item.version ?? UNKNOWN_VERSION,
  }));
}

export function toLineInput(request: AddItemRequest): BasketLineInput {
  return {
    productId: request.productId,
    productName: request.productName,
    unitPriceCents: toCents(request.unitPrice),
    quantity: request.quantity,
    pictureUrl: request.pictureUrl,
    version: request.version,
  };
}
