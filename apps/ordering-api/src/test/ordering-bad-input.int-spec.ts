import { randomUUID } from 'node:crypto';
import { OrderingRun, adminToken, type HttpMethod } from './ordering-fixture';

/** One request that must be refused with a 4xx: never a 2xx, never a 5xx. */
interface BadInput {
  readonly name: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Sent as is when a string (malformed, deep or oversized JSON), else JSON-encoded. */
  readonly body: string | object;
}

const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const fresh = () => ({ 'x-requestid': randomUUID() });
const line = { productId: 1, productName: 'Mug', unitPrice: 1.5, quantity: 1, pictureUrl: '' };
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085'];

/** Bodies no route accepts: not an object, not JSON, too deep, too large. */
const SHAPELESS: Array<[string, string]> = [
  ['array body', '[]'],
  ['string body', '"orderNumber"'],
  ['number body', '1'],
  ['null body', 'null'],
  ['malformed JSON', '{"orderNumber": '],
  ['10k-deep array', nested(10_000)],
  ['40k-deep array', nested(40_000)],
  ['deep object', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
  ['oversized body', JSON.stringify({ pad: 'x'.repeat(200_000) })],
];

/** PUT /api/orders/cancel and /ship: `{orderNumber}` and the `x-requestid` header. */
function orderCommandCases(path: string): BadInput[] {
  const put = (name: string, body: string | object, headers: Record<string, string> = fresh()): BadInput => ({
    name: `${path} ${name}`,
    method: 'put',
    path,
    headers,
    body,
  });
  const numbers: Array<[string, unknown]> = [
    ['string', '1'], ['boolean', true], ['null', null], ['array', [1]], ['object', { n: 1 }],
    ['fraction', 1.5], ['zero', 0], ['negative', -1], ['2^31', 2 ** 31], ['1e308', 1e308],
    ['unsafe integer', 2 ** 53 + 2], ['NUL string', '\u0000'], ['deep', JSON.parse(nested(500))],
  ];
  return [
    ...numbers.map(([name, orderNumber]) => put(`orderNumber ${name}`, { orderNumber })),
    put('no body field', {}),
    put('unknown field', { orderNumber: 1, force: true }),
    put('__proto__ key', '{"orderNumber": 1, "__proto__": {"isAdmin": true}}'),
    put('constructor key', '{"orderNumber": 1, "constructor": {"prototype": {"isAdmin": true}}}'),
    put('prototype key', '{"orderNumber": 1, "prototype": {}}'),
    ...SHAPELESS.map(([name, body]) => put(name, body)),
    ...[
      ['no x-requestid', {}],
      ['empty x-requestid', { 'x-requestid': '' }],
      ['x-requestid not a uuid', { 'x-requestid': 'not-a-uuid' }],
      ['nil uuid', { 'x-requestid': '00000000-0000-0000-0000-000000000000' }],
      ['max uuid', { 'x-requestid': 'ffffffff-ffff-ffff-ffff-ffffffffffff' }],
      ['braced uuid', { 'x-requestid': `{${randomUUID()}}` }],
      ['long x-requestid', { 'x-requestid': 'a'.repeat(5_000) }],
      ['long traceparent', { ...fresh(), traceparent: 't'.repeat(500) }],
    ].map(([name, headers]) => put(name as string, { orderNumber: 1 }, headers as Record<string, string>)),
  ];
}

const draft = (name: string, body: string | object): BadInput => ({
  name: `draft ${name}`,
  method: 'post',
  path: '/api/orders/draft',
  headers: {},
  body,
});

/** POST /api/orders/draft with one bad basket line. */
function draftLineCases(): BadInput[] {
  const withLine = (name: string, change: Record<string, unknown>) => draft(name, { items: [{ ...line, ...change }] });
  const lineValues: Array<[string, Record<string, unknown>]> = [
    ['productId string', { productId: '1' }], ['productId 0', { productId: 0 }], ['productId 2^31', { productId: 2 ** 31 }],
    ['productId fraction', { productId: 1.5 }], ['quantity 0', { quantity: 0 }], ['quantity -1', { quantity: -1 }],
    ['quantity 10001', { quantity: 10_001 }], ['quantity string', { quantity: '1' }], ['unitPrice -1', { unitPrice: -1 }],
    ['unitPrice 3 decimals', { unitPrice: 19.9999999999 }], ['unitPrice 1e308', { unitPrice: 1e308 }],
    ['unitPrice string', { unitPrice: '1.50' }], ['productName empty', { productName: '' }],
    ['productName number', { productName: 5 }], ['productName 201 chars', { productName: 'n'.repeat(201) }],
    ['pictureUrl 501 chars', { pictureUrl: 'p'.repeat(501) }], ['id 65 chars', { id: 'i'.repeat(65) }],
    ['oldUnitPrice negative', { oldUnitPrice: -1 }], ['version', { version: 999_999_999 }],
    ['unknown line field', { extra: 1 }], ['deep productName', { productName: JSON.parse(nested(500, '"x"')) }],
  ];
  const controls = CONTROLS.flatMap((control) =>
    ['productName', 'pictureUrl', 'id'].map((field) =>
      withLine(`${field} with U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`, { [field]: `a${control}b` }),
    ),
  );
  return [...lineValues.map(([name, change]) => withLine(name, change)), ...controls];
}

/** POST /api/orders/draft with a bad body around valid lines. */
function draftBodyCases(): BadInput[] {
  return [
    draft('buyerId with NUL', { buyerId: 'alice\u0000', items: [line] }),
    draft('buyerId of another buyer', { buyerId: 'mallory', items: [line] }),
    draft('buyerId 101 chars', { buyerId: 'b'.repeat(101), items: [line] }),
    draft('no items', {}),
    draft('empty items', { items: [] }),
    draft('items not an array', { items: { 0: line } }),
    draft('item null', { items: [null] }),
    draft('101 items', { items: Array.from({ length: 101 }, (_, i) => ({ ...line, productId: i + 1 })) }),
    draft('one product at two prices', { items: [line, { ...line, unitPrice: 2 }] }),
    draft('cardTypeId 99', { items: [line], cardTypeId: 99 }),
    draft('cardTypeId 2^31', { items: [line], cardTypeId: 2 ** 31 }),
    draft('past cardExpiration', { items: [line], cardExpiration: '2001-01-01T00:00:00Z' }),
    draft('__proto__ key', `{"items": ${JSON.stringify([line])}, "__proto__": {"isAdmin": true}}`),
    draft('__proto__ in a line', `{"items": [${JSON.stringify(line).slice(0, -1)}, "__proto__": {"x": 1}}]}`),
    draft('constructor key', `{"items": ${JSON.stringify([line])}, "constructor": {"prototype": {}}}`),
    ...SHAPELESS.map(([name, body]) => draft(name, body)),
  ];
}

// Every write route of ordering-api (PUT cancel, PUT ship, POST draft), against the real
// module: types, bounds, control characters, depth, size, unknown fields, prototype keys.
describe('ordering write routes refuse bad input', () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '600000' });
  });
  afterAll(() => run?.stop());

  it('answers every bad input with a 4xx (0 × 2xx, 0 × 5xx)', async () => {
    const cases = [...orderCommandCases('/api/orders/cancel'), ...orderCommandCases('/api/orders/ship'), ...draftLineCases(), ...draftBodyCases()];
    const wrong: string[] = [];
    let clientErrors = 0;
    for (const input of cases) {
      // Shipping is staff's: a buyer would get 403 before the input is read.
      const test = run.http(input.method, input.path, input.path.endsWith('/ship') ? adminToken() : undefined).set(input.headers).type('json');
      const { status } = await test.send(input.body);
      if (status >= 400 && status < 500) clientErrors += 1;
      else wrong.push(`${input.name} → ${status}`);
    }
    const count = (from: number) => wrong.filter((line) => Math.floor(Number(line.split('→ ')[1]) / 100) === from).length;
    console.log(`ordering bad-input sweep: cases=${cases.length} 4xx=${clientErrors} 5xx=${count(5)} 2xx=${count(2)}`);
    expect(wrong).toEqual([]);
  });
});
