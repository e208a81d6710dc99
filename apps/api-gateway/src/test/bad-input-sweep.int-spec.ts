import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, tokenFor, upstreamUrls, type RequestOptions } from './gateway.fixture';

const BODY_LIMIT = 32_768; // above 10,000 levels of nesting (20 KB): the depth check answers, not the size limit
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Every write route of the gateway. */
const WRITE_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST', '/api/catalog/items'],
  ['PUT', '/api/catalog/items/1'],
  ['DELETE', '/api/catalog/items/1'],
  ['PUT', '/api/basket'],
  ['DELETE', '/api/basket'],
  ['POST', '/api/basket/items'],
  ['POST', '/api/basket/checkout'],
  ['PUT', '/api/orders/cancel'],
  ['PUT', '/api/orders/ship'],
  ['POST', '/api/orders/draft'],
];

/** Invalid on every route: syntax, depth, size, media type, prototype keys, shapes, types, bounds, control characters. */
const INVALID_BODIES: ReadonlyArray<readonly [string, RequestOptions]> = [
  ['malformed JSON', { rawBody: '{"productId": 1,' }],
  ['10,000 levels of nesting', { rawBody: nested(10_000) }],
  ['33 levels of nesting', { rawBody: nested(33) }],
  ['a body over the limit', { body: { items: 'x'.repeat(BODY_LIMIT) } }],
  ['a __proto__ key', { rawBody: '{"__proto__":{"admin":true},"productId":1,"quantity":1}' }],
  ['a constructor.prototype key', { rawBody: '{"constructor":{"prototype":{"admin":true}},"productId":1,"quantity":1}' }],
  ['XML', { rawBody: '<items/>', headers: { 'content-type': 'application/xml' } }],
  ['a form', { rawBody: 'productId=1&quantity=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
  ['a JSON string', { body: 'productId' }],
  ['a JSON array', { body: [1, 2] }],
  ['JSON null', { rawBody: 'null' }],
  ['an unknown field', { body: { productId: 1, quantity: 1, unitPrice: 0.01, userId: 'a', name: 'A' } }],
  ['wrong types', { body: { productId: '1', quantity: true, userId: 7, name: [] } }],
  ['numbers out of range', { body: { productId: 2_147_483_648, quantity: 0, userId: 'x'.repeat(65), name: 'A' } }],
  ['a negative or fractional quantity', { body: { productId: 1, quantity: -1.5, userId: 'a', name: 'A' } }],
  ['a NUL in a text field', { body: { productId: 1, quantity: 1, userId: 'a\u0000b', name: 'A\u0000' } }],
];

/**
 * Invalid input on every write route: the gateway refuses it itself, or relays the
 * upstream's refusal (the fake upstreams answer 400 to whatever reaches them), and never
 * turns it into a 5xx or lets it through as a 2xx. Upstream 4xx never count against a
 * breaker: after the flood, reads still work.
 */
describe('gateway bad-input sweep', () => {
  const fakes = new FakeUpstreams();
  let catalog: FakeUpstream;
  let basket: FakeUpstream;
  let ordering: FakeUpstream;
  let gateway: TestGateway;
  const token = tokenFor('mallory');

  beforeAll(async () => {
    [catalog, basket, ordering] = await fakes.start('catalog-api', 'basket-api', 'ordering-api');
    gateway = await TestGateway.start({
      ...upstreamUrls(catalog, basket, ordering),
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      // A small volume opens a breaker that counted client errors.
      BREAKER_MIN_RPS: '0.5',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  beforeEach(() => Promise.all([catalog, basket, ordering].map((fake) => fake.behave({ status: 400 }))));

  it('answers every invalid write with a 4xx: no 5xx, no 2xx', async () => {
    const outcomes: string[] = [];
    for (const [method, path] of WRITE_ROUTES) {
      for (const [name, options] of INVALID_BODIES) {
        const reply = await gateway.request(method, path, { token, ...options, headers: { 'x-requestid': crypto.randomUUID(), ...options.headers } });
        outcomes.push(`${reply.status} ${method} ${path}: ${name}`);
      }
    }
    const of = (low: number) => outcomes.filter((o) => Number(o.slice(0, 3)) >= low && Number(o.slice(0, 3)) < low + 100);
    process.stdout.write(`gateway bad-input sweep: cases=${outcomes.length} 4xx=${of(400).length} 5xx=${of(500).length} 2xx=${of(200).length}\n`);
    expect([...of(500), ...of(200)]).toEqual([]);
    expect(of(400)).toHaveLength(WRITE_ROUTES.length * INVALID_BODIES.length);
  }, 120_000);

  it('a flood of requests the upstream refuses with 400 does not open its breaker: anonymous reads still succeed', async () => {
    for (let i = 0; i < 60; i++) {
      const reply = await gateway.request('POST', '/api/catalog/items', { token, body: { name: `bad ${i}` } });
      expect(reply).toMatchObject({ status: 400, body: { message: 'catalog-api: refused POST /api/catalog/items' } });
    }
    await catalog.behave({});
    const read = await gateway.request('GET', '/api/catalog/items');
    expect(read).toMatchObject({ status: 200, body: { upstream: 'catalog-api' } });
  }, 60_000);
});
