import { UNKNOWN_VERSION } from '../domain/basket';
import { addItemSchema, replaceBasketSchema, toLineInput, toLineInputs } from './basket.dto';
import { checkoutHeadersSchema } from './checkout.dto';

const line = (productId: number, extra: Record<string, unknown> = {}) => ({
  productId,
  productName: 'Mug',
  unitPrice: 19.99,
  quantity: 2,
  pictureUrl: '',
  ...extra,
});

const problems = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('basket request schemas', () => {
  it('converts prices to cents and marks a PUT line without version as unknown', () => {
    const request = replaceBasketSchema.parse({ items: [line(1), line(2, { version: 4, oldUnitPrice: 18 })] });
    expect(toLineInputs(request)).toEqual([
      { productId: 1, productName: 'Mug', unitPriceCents: 1_999, quantity: 2, pictureUrl: '', version: UNKNOWN_VERSION },
      { productId: 2, productName: 'Mug', unitPriceCents: 1_999, oldUnitPriceCents: 1_800, quantity: 2, pictureUrl: '', version: 4 },
    ]);
  });

  it('names a repeated product and the item cap', () => {
    expect(problems(replaceBasketSchema.safeParse({ items: [line(1), line(1)] }))).toEqual([
      'items.1.productId: product 1 appears twice: send one line per product',
    ]);
    const huge = { items: Array.from({ length: 101 }, (_, i) => line(i + 1)) };
    expect(problems(replaceBasketSchema.safeParse(huge))).toEqual([
      'items: a basket holds at most 100 different products',
    ]);
  });

  it('requires the catalog version on POST /api/basket/items (the gateway fills it)', () => {
    expect(problems(addItemSchema.safeParse(line(1)))).toEqual([
      'version: Invalid input: expected number, received undefined',
    ]);
    expect(toLineInput(addItemSchema.parse(line(1, { version: 0 })))).toMatchObject({ version: 0, unitPriceCents: 1_999 });
  });

  it('requires x-requestid to be a uuid', () => {
    expect(problems(checkoutHeadersSchema.safeParse({}))).toEqual(['x-requestid: header is required']);
    expect(problems(checkoutHeadersSchema.safeParse({ 'x-requestid': '42' }))).toEqual(['x-requestid: must be a uuid']);
  });
});
