import { z } from 'zod';
import { basketItemSchema, money, toCents } from '@eshop/contracts';
import type { OrderLine } from '../domain/order-lines';

/** Largest value of a Postgres `integer`: an order number above it is invalid input. */
const MAX_INT = 2_147_483_647;
const orderNumber = z.number().int().positive().max(MAX_INT);

/** `GET /api/orders/:id`: "abc", "1.5", "-1", "0" → 400 naming `id`. */
export const orderIdParams = z
  .object({
    id: z.string().regex(/^[1-9]\d{0,9}$/, 'must be a positive integer').transform(Number).pipe(orderNumber),
  })
  .strict();

/** Routes that take no query string refuse one, rather than silently ignore it. */
export const noQuery = z.object({}).strict();

/** `PUT /api/orders/cancel` and `/ship`. */
export const orderNumberBody = z.object({ orderNumber }).strict();

/** The client's idempotency key: the same id twice runs the command once. */
export const requestIdHeaders = z.object({
  'x-requestid': z.uuid({
    error: (issue) => (issue.input === undefined ? 'header is required' : 'must be a uuid'),
  }),
  // Carried into the outbox event; a malformed one is replaced there by a fresh trace.
  traceparent: z.string().max(100).optional(),
});

const { productId, productName, pictureUrl } = basketItemSchema.shape;
const price = money.max(1_000_000);

/**
 * `POST /api/orders/draft`: a basket as `GET /api/basket` returns it. `buyerId` may be
 * echoed back but must then be the caller; `id` and `oldUnitPrice` are accepted and ignored.
 */
export const draftBody = z
  .object({
    buyerId: z.string().min(1).max(100).optional(),
    items: z
      .array(
        z
          .object({
            id: z.string().max(64).optional(),
            productId,
            productName,
            unitPrice: price,
            oldUnitPrice: price.optional(),
            quantity: z.number().int().positive().max(10_000),
            pictureUrl,
          })
          .strict(),
      )
      .min(1, 'a draft needs at least one item')
      .max(100, 'a basket holds at most 100 different products'),
  })
  .strict();

export type OrderNumberBody = z.infer<typeof orderNumberBody>;
export type RequestIdHeaders = z.infer<typeof requestIdHeaders>;
export type DraftBody = z.infer<typeof draftBody>;

export function draftLines(body: DraftBody): OrderLine[] {
  return body.items.map((item) => ({
    productId: item.productId,
    productName: item.productName,
    unitPriceCents: toCents(item.unitPrice),
    units: item.quantity,
    pictureUrl: item.pictureUrl,
  }));
}
