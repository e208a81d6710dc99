import { addItemSchema, replaceBasketSchema, toRequestedLines } from './basket.schemas';
import { checkoutHeadersSchema, checkoutSchema } from './checkout.schemas';

const problems = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

const address = {
  city: 'Redmond', street: '1 Main St', state: 'WA', country: 'U.S.', zipCode: '98052', cardNumber: '4012888888881881',
  cardHolderName: 'Alice Smith', cardExpiration: '2030-12-31T00:00:00.000Z', cardSecurityNumber: '123', cardTypeId: 1,
};

describe('basket request schemas', () => {
  it('takes only productId and quantity from a client', () => {
    const request = replaceBasketSchema.parse({ items: [{ productId: 1, quantity: 2 }, { productId: 2, quantity: 1 }] });
    expect(toRequestedLines(request)).toEqual([{ productId: 1, quantity: 2 }, { productId: 2, quantity: 1 }]);
    expect(addItemSchema.parse({ productId: 3, quantity: 4 })).toEqual({ productId: 3, quantity: 4 });
  });

  it.each(['productName', 'unitPrice', 'oldUnitPrice', 'pictureUrl', 'version', 'id'])(
    'refuses %s from a client: catalog sets it',
    (field) => {
      const add = addItemSchema.safeParse({ productId: 1, quantity: 1, [field]: 1 });
      const put = replaceBasketSchema.safeParse({ items: [{ productId: 1, quantity: 1, [field]: 1 }] });
      expect([add.success, put.success]).toEqual([false, false]);
      expect(add.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: [field] });
    },
  );

  it('names a repeated product, the item cap and an id beyond catalog’s id space', () => {
    const line = (productId: number) => ({ productId, quantity: 1 });
    expect(problems(replaceBasketSchema.safeParse({ items: [line(1), line(1)] }))).toEqual([
      'items.1.productId: product 1 appears twice: send one line per product',
    ]);
    const huge = { items: Array.from({ length: 101 }, (_, i) => line(i + 1)) };
    expect(problems(replaceBasketSchema.safeParse(huge))).toEqual([
      'items: a basket holds at most 100 different products',
    ]);
    expect(problems(addItemSchema.safeParse(line(2_147_483_648)))).toEqual([
      'productId: Too big: expected number to be <=2147483647',
    ]);
  });
});

describe('checkout request schemas', () => {
  it('requires x-requestid to be a uuid other than the nil uuid', () => {
    expect(problems(checkoutHeadersSchema.safeParse({}))).toEqual(['x-requestid: header is required']);
    expect(problems(checkoutHeadersSchema.safeParse({ 'x-requestid': '42' }))).toEqual(['x-requestid: must be a uuid']);
    expect(problems(checkoutHeadersSchema.safeParse({ 'x-requestid': '00000000-0000-0000-0000-000000000000' }))).toEqual([
      'x-requestid: must not be the nil uuid',
    ]);
  });

  it('refuses control characters in any address or card text, naming the field', () => {
    expect(checkoutSchema.safeParse(address).success).toBe(true);
    const bad = { ...address, city: 'Red\u0000mond', cardHolderName: 'Alice\nSmith' };
    expect(problems(checkoutSchema.safeParse(bad))).toEqual([
      'city: must not contain control characters',
      'cardHolderName: must not contain control characters',
    ]);
  });
});
