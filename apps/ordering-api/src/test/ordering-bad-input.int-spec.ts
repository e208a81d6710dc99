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

// Every write route of ordering-api (PUT cancel, PUT ship), against the real
// module: types, bounds, control characters, depth, size, unknown fields, prototype keys.
describe('ordering write routes refuse bad input', () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '600000' });
  });
  afterAll(() => run?.stop());

  it('answers every bad input with a 4xx (0 × 2xx, 0 × 5xx)', async () => {
    const cases = [...orderCommandCases('/api/orders/cancel'), ...orderCommandCases('/api/orders/ship')];
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
