import { z } from 'zod';
import { money } from '@eshop/contracts';

/** Largest value of a Postgres `integer` column: ids and counts above it are invalid input. */
const MAX_INT = 2_147_483_647;

const positiveId = z.number().int().positive().max(MAX_INT);
const count = z.number().int().min(0).max(MAX_INT);

/** A path segment that must be a positive integer ("abc", "1.5", "-1" → 400 naming it). */
const idSegment = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a positive integer')
  .transform(Number)
  .pipe(positiveId);

export const itemIdParams = z.object({ id: idSegment }).strict();
export const typeBrandParams = z
  .object({ typeId: idSegment, brandId: idSegment.optional() })
  .strict();
export const nameParams = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const pageQuery = z
  .object({
    pageIndex: z.coerce.number().int().min(0).max(1_000_000).default(0),
    pageSize: z.coerce.number().int().min(1).max(100).default(10),
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
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2_000).default(''),
  price: money.max(1_000_000),
  pictureFileName: z.string().max(200).default(''),
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
  .object({ ...itemFields, id: positiveId.optional(), version: z.number().int().positive() })
  .strict();

export type ItemBody = z.infer<typeof createItemBody>;
export type UpdateItemBody = z.infer<typeof updateItemBody>;
