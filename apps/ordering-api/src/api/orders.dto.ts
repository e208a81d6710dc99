import { z } from 'zod';
import { money, toCents } from '@eshop/contracts';
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

/** A query number in plain digits: "", "1e3", " 1", "-1" and "0x10" are refused, not coerced. */
const queryNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

/** `GET /api/orders?pageIndex=0&pageSize=20`: the buyer's orders a page at a time, newest first. */
export const ordersPageQuery = z
  .object({
    pageIndex: queryNumber(0, 1_000_000, 0),
    pageSize: queryNumber(1, 100, 20),
  })
  .strict();

/** `PUT /api/orders/cancel` and `/ship`. */
export const orderNumberBody = z.object({ orderNumber }).strict();

/** Not ids anyone generated: a client sending one has no real key, and would share it. */
const SENTINEL_UUIDS = new Set(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);

/** The client's idempotency key (the buyer's own): the same id twice runs the command once. */
export const requestIdHeaders = z.object({
  'x-requestid': z
    .uuid({ error: (issue) => (issue.input === undefined ? 'header is required' : 'must be a uuid') })
    .refine((id) => !SENTINEL_UUIDS.has(id.toLowerCase()), 'must be a fresh uuid, not the nil or max uuid'),
  // Carried into the outbox event; a malformed one is replaced there by a fresh trace.
  traceparent: z.string().max(100).optional(),
});

/** C0 controls, DEL and C1 controls: Postgres refuses NUL, and none belongs in a name. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** A text field: at most `max` characters, none of them a control character. */
const plainText = (max: number) =>
  z.string().max(max).refine((value) => !hasControlCharacter(value), 'must not contain control characters');

const productId = z.number().int().positive().max(MAX_INT);
/**
 * A price with at most two decimals, exactly: `money` tolerates a millionth of a cent, so
 * 19.9999999999 would pass and be rounded to 20.00; here it is refused.
 */
const price = money
  .max(1_000_000)
  .refine((value) => Math.round(value * 100) / 100 === value, 'must have at most two decimals');

/**
 * `POST /api/orders/draft`: a basket as `GET /api/basket` returns it. Through the gateway the
 * lines are the caller's basket as basket-api holds it (names and prices from catalog); a
 * client sends none (docs/security.md). The draft stores nothing and never becomes an order.
 * `buyerId` may be echoed back but must then be the caller; `id` and `oldUnitPrice` are
 * accepted and ignored.
 */
export const draftBody = z
  .object({
    buyerId: plainText(100).min(1).optional(),
    items: z
      .array(
        z
          .object({
            id: plainText(64).optional(),
            productId,
            productName: plainText(200).trim().min(1),
            unitPrice: price,
            oldUnitPrice: price.optional(),
            quantity: z.number().int().positive().max(10_000),
            pictureUrl: plainText(500),
          })
          .strict(),
      )
      .min(1, 'a draft needs at least one item')
      .max(100, 'a basket holds at most 100 different products'),
  })
  .strict();

export type OrdersPageQuery = z.infer<typeof ordersPageQuery>;
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
