import { z } from 'zod';

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

export type OrdersPageQuery = z.infer<typeof ordersPageQuery>;
export type OrderNumberBody = z.infer<typeof orderNumberBody>;
export type RequestIdHeaders = z.infer<typeof requestIdHeaders>;
