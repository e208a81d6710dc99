import { z } from 'zod';
import { money } from '@eshop/contracts';

/** Largest value of a Postgres `integer` column: ids and counts above it are invalid input. */
const MAX_INT = 2_147_483_647;

const positiveId = z.number().int().positive().max(MAX_INT);
const count = z.number().int().min(0).max(MAX_INT);

/**
 * Control characters (C0, DEL, C1) and lone surrogates. Postgres refuses NUL in text (a 500
 * if it got that far); the others are never meant as data in a name or a file name.
 */
const CONTROL = /[\p{Cc}\p{Cs}]/u;
/** The same, but a description may have line breaks and tabs. */
const CONTROL_EXCEPT_LAYOUT = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;

const text = (max: number, forbidden = CONTROL) =>
  z
    .string()
    .max(max)
    .refine((value) => !forbidden.test(value), { message: 'must not contain control characters' });

/** A non-empty line of text, trimmed (names, the by-name search). */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL.test(value), { message: 'must not contain control characters' });

/** A path or query segment that must be a positive integer ("abc", "1.5", "-1", "" → 400 naming it). */
const idSegment = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a positive integer')
  .transform(Number)
  .pipe(positiveId);

/** A query number in plain digits: "", "1e3", " 1" and "0x10" are refused, not coerced. */
const digits = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

export const itemIdParams = z.object({ id: idSegment }).strict();
/** `type/all/brand/2` (eShop's route) filters by brand alone; `all` is the only word accepted. */
export const typeBrandParams = z
  .object({ typeId: z.string().transform((id) => (id === 'all' ? undefined : id)).pipe(idSegment.optional()), brandId: idSegment.optional() })
  .strict();
export const nameParams = z.object({ name: line(100) }).strict();

export const pageQuery = z
  .object({
    pageIndex: digits(0, 1_000_000, 0),
    pageSize: digits(1, 100, 10),
  })
  .strict();

export const idsQuery = z
  .object({
    ids: z
      .string()
      .regex(/^\d{1,10}(,\d{1,10})*$/, 'must be comma-separated positive integers')
      .transform((value) => value.split(',').map(Number))
      .pipe(z.array(positiveId).min(1).max(100)),
  })
  .strict();

/** The fields a client sets. Optional ones default as in a new item. */
const itemFields = {
  name: line(100),
  description: text(2_000, CONTROL_EXCEPT_LAYOUT).default(''),
  price: money.max(1_000_000),
  pictureFileName: text(200).default(''),
  catalogTypeId: positiveId,
  catalogBrandId: positiveId,
  availableStock: count.default(0),
  restockThreshold: count.default(0),
  maxStockThreshold: count.default(0),
  onReorder: z.boolean().default(false),
};

export const createItemBody = z.object(itemFields).strict();

/**
 * PUT replaces the item: the same fields as POST plus the `version` the client edited.
 * `id` may be echoed back from a GET, but must then name the same item as the path.
 */
export const updateItemBody = z
  .object({ ...itemFields, id: positiveId.optional(), version: positiveId })
  .strict();

export type ItemBody = z.infer<typeof createItemBody>;
export type UpdateItemBody = z.infer<typeof updateItemBody>;
