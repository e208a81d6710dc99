import { TestIdentityProvider } from '@eshop/testing';

/** One invalid request to a basket write route. */
export interface BadInput {
  readonly route: 'put /api/basket' | 'post /api/basket/items' | 'post /api/basket/checkout' | 'delete /api/basket';
  readonly name: string;
  /** JSON-encoded unless a string (sent as it is, as `application/json`). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Checkout only: send no `x-requestid` (every other checkout case gets a fresh one). */
  readonly withoutRequestId?: boolean;
  /** Absent: a valid buyer token; null: no token; a string: that header value. */
  readonly authorization?: string | null;
}

export const checkoutAddress = {
  city: 'Redmond',
  street: '15703 NE 61st Ct',
  state: 'WA',
  country: 'U.S.',
  zipCode: '98052',
  cardNumber: '4012888888881881',
  cardHolderName: 'Alice Smith',
  cardExpiration: '2030-12-31T00:00:00.000Z',
  cardSecurityNumber: '123',
  cardTypeId: 1,
};

const PUT = 'put /api/basket';
const ADD = 'post /api/basket/items';
const CHECKOUT = 'post /api/basket/checkout';
const DELETE = 'delete /api/basket';

const badIds: Array<[string, unknown]> = [
  ['a string', '1'], ['null', null], ['true', true], ['an array', [1]], ['an object', {}],
  ['a fraction', 1.5], ['zero', 0], ['negative', -1], ['beyond int32', 2_147_483_648],
  ['1e308', 1e308], ['a NUL string', '1\u0000'], ['unknown to catalog', 999_999],
];
const badQuantities: Array<[string, unknown]> = [
  ['a string', '1'], ['null', null], ['a fraction', 1.5], ['zero', 0], ['negative', -2],
  ['over the cap', 101], ['a billion', 1e9], ['an object', { $gt: 0 }],
];
const smuggled: Array<[string, unknown]> = [
  ['productName', 'FREE BACKPACK'], ['unitPrice', 0.01], ['oldUnitPrice', 0.01],
  ['pictureUrl', 'https://evil.example/x.png'], ['version', 999_999_999], ['id', '1'], ['buyerId', 'alice'],
];
const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const prototypeKeys = ['__proto__', 'constructor', 'prototype'];

/** Invalid bodies for a route that takes one line `{productId, quantity}` at `wrap`. */
function lineCases(route: BadInput['route'], wrap: (line: unknown) => unknown, rawWrap: (json: string) => string): BadInput[] {
  return [
    ...badIds.map(([name, productId]): BadInput => ({ route, name: `productId ${name}`, body: wrap({ productId, quantity: 1 }) })),
    ...badQuantities.map(([name, quantity]): BadInput => ({ route, name: `quantity ${name}`, body: wrap({ productId: 1, quantity }) })),
    ...smuggled.map(([field, value]): BadInput => ({ route, name: `smuggled ${field}`, body: wrap({ productId: 1, quantity: 1, [field]: value }) })),
    ...prototypeKeys.map((key): BadInput => ({
      route, name: `prototype key ${key}`, body: rawWrap(`{"${key}":{"polluted":true},"productId":1,"quantity":1}`),
    })),
    { route, name: 'no productId', body: wrap({ quantity: 1 }) },
    { route, name: 'no quantity', body: wrap({ productId: 1 }) },
    { route, name: 'a line that is a number', body: wrap(1) },
    { route, name: 'a line that is null', body: wrap(null) },
    { route, name: 'a deep line (10k levels)', body: rawWrap(deep(10_000)) },
    { route, name: 'a deep unknown field (10k levels)', body: rawWrap(`{"productId":1,"quantity":1,"x":${deepObject(10_000)}}`) },
  ];
}

/** Invalid for any route with a JSON body. */
function bodyCases(route: BadInput['route']): BadInput[] {
  return [
    { route, name: 'no body' },
    { route, name: 'malformed JSON', body: '{"items": [' },
    { route, name: 'not JSON', body: 'hello' },
    { route, name: 'an empty string', body: '""' },
    { route, name: 'null', body: 'null' },
    { route, name: 'an array', body: [] },
    { route, name: 'a number', body: 1 },
    { route, name: 'an unknown top-level field', body: '{"note":"x"}' },
    { route, name: '100k levels of nesting', body: deep(100_000) },
    { route, name: 'a body over the size limit', body: JSON.stringify({ pad: 'x'.repeat(300_000) }) },
    { route, name: 'JSON sent as text/plain', body: '{}', headers: { 'content-type': 'text/plain' } },
    { route, name: 'no token', body: {}, authorization: null },
    { route, name: 'a forged token', body: {}, authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldmUifQ.c2ln' },
    // Signed by a provider this basket does not trust (its kid is not in the JWKS).
    { route, name: 'a token of another provider', body: {}, authorization: `Bearer ${new TestIdentityProvider().tokenSync({ sub: 'x' })}` },
  ];
}

function putCases(): BadInput[] {
  return [
    ...lineCases(PUT, (l) => ({ items: [l] }), (json) => `{"items":[${json}]}`),
    ...bodyCases(PUT),
    { route: PUT, name: 'no items', body: {} },
    { route: PUT, name: 'items null', body: { items: null } },
    { route: PUT, name: 'items an object', body: { items: { productId: 1, quantity: 1 } } },
    { route: PUT, name: 'items a string', body: { items: 'x' } },
    { route: PUT, name: 'the same product twice', body: { items: [{ productId: 1, quantity: 1 }, { productId: 1, quantity: 1 }] } },
    { route: PUT, name: '101 products', body: { items: Array.from({ length: 101 }, (_, i) => ({ productId: i + 1, quantity: 1 })) } },
    { route: PUT, name: 'a known and an unknown product', body: { items: [{ productId: 1, quantity: 1 }, { productId: 424_242, quantity: 1 }] } },
    { route: PUT, name: 'prototype key at the top', body: '{"__proto__":{"items":[]},"items":[]}' },
  ];
}

const textFields = ['city', 'street', 'state', 'country', 'zipCode', 'cardHolderName'] as const;
const badTexts: Array<[string, unknown]> = [
  ['NUL', 'a\u0000b'], ['a line break', 'a\nb'], ['ESC', '\u001b[31m'], ['DEL', 'a\u007f'], ['C1 NEL', 'a\u0085'],
  ['empty', ''], ['blank', '   '], ['10,000 characters', 'x'.repeat(10_000)], ['a number', 123], ['null', null], ['an object', {}],
];
const badCardFields: Array<[string, unknown]> = [
  ['cardNumber', '12ab'], ['cardNumber', '1'.repeat(30)], ['cardNumber', 4012888888881881], ['cardNumber', '4012\u00008888881881'],
  ['cardExpiration', 'tomorrow'], ['cardExpiration', '2020-01-31T00:00:00.000Z'], ['cardExpiration', 0],
  ['cardSecurityNumber', '12'], ['cardSecurityNumber', 'abcd'], ['cardSecurityNumber', 123],
  ['cardTypeId', -1], ['cardTypeId', 0], ['cardTypeId', 1.5], ['cardTypeId', '1'], ['cardTypeId', 2_147_483_648],
];

function checkoutCases(): BadInput[] {
  const uuid = (value: string): Record<string, string> => ({ 'x-requestid': value });
  return [
    ...textFields.flatMap((field) =>
      badTexts.map(([name, value]): BadInput => ({ route: CHECKOUT, name: `${field} ${name}`, body: { ...checkoutAddress, [field]: value } })),
    ),
    ...badCardFields.map(([field, value]): BadInput => ({
      route: CHECKOUT, name: `${field} ${JSON.stringify(value).slice(0, 20)}`, body: { ...checkoutAddress, [field]: value },
    })),
    ...Object.keys(checkoutAddress).map((field): BadInput => {
      const { [field as keyof typeof checkoutAddress]: _missing, ...rest } = checkoutAddress;
      return { route: CHECKOUT, name: `no ${field}`, body: rest };
    }),
    ...smuggled.map(([field, value]): BadInput => ({ route: CHECKOUT, name: `smuggled ${field}`, body: { ...checkoutAddress, [field]: value } })),
    { route: CHECKOUT, name: 'smuggled basket', body: { ...checkoutAddress, basket: { items: [] } } },
    ...prototypeKeys.map((key): BadInput => ({
      route: CHECKOUT, name: `prototype key ${key}`, body: `{"${key}":{"polluted":true},${JSON.stringify(checkoutAddress).slice(1)}`,
    })),
    { route: CHECKOUT, name: 'a deep field (10k levels)', body: `{"city":${deepObject(10_000)}}` },
    { route: CHECKOUT, name: 'no x-requestid', body: checkoutAddress, withoutRequestId: true },
    { route: CHECKOUT, name: 'x-requestid not a uuid', body: checkoutAddress, headers: uuid('42') },
    { route: CHECKOUT, name: 'x-requestid the nil uuid', body: checkoutAddress, headers: uuid('00000000-0000-0000-0000-000000000000') },
    { route: CHECKOUT, name: 'x-requestid too long', body: checkoutAddress, headers: uuid(`7f1c8a52-3b0e-4d5f-9a61-2c4b8e0d1f37${'0'.repeat(500)}`) },
    ...bodyCases(CHECKOUT),
  ];
}

/** Every case, for every write route. DELETE takes no input but the token. */
export function badInputCases(): BadInput[] {
  return [
    ...putCases(),
    ...lineCases(ADD, (l) => l, (json) => json),
    ...bodyCases(ADD),
    ...checkoutCases(),
    { route: DELETE, name: 'no token', authorization: null },
    { route: DELETE, name: 'a forged token', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldmUifQ.c2ln' },
  ];
}
