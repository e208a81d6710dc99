import { FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, tokenFor } from './gateway.fixture';
import { bundleForTest } from '@eshop/testing';

/** Bad input is refused at the gateway with a 4xx naming the problem; nothing goes upstream. */
describe('gateway input checks', () => {
  let script: ReturnType<typeof bundleForTest>;
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const token = tokenFor('alice');

  beforeAll(async () => {
    script = bundleForTest('apps/api-gateway/src/test/fake-upstream.ts');
    upstream = await FakeUpstream.start(script.file, 'any-api');
    gateway = await TestGateway.start({
      CATALOG_URL: upstream.url,
      BASKET_URL: upstream.url,
      ORDERING_URL: upstream.url,
      BODY_LIMIT_BYTES: '2048',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    script?.remove();
  });

  afterEach(async () => expect(await upstream.calls()).toEqual([]));

  it.each([
    [{ productId: 1, quantity: -2 }, /^quantity: /],
    [{ productId: 1, quantity: 1.5 }, /^quantity: /],
    [{ productId: 'one', quantity: 1 }, /^productId: /],
    [{ productId: 1 }, /^quantity: /],
    [{ productId: 1, quantity: 1, unitPrice: 0.01 }, /^unitPrice: unknown field$/],
    [[1, 2], /^body: /],
  ])('POST /api/basket/items %j → 400 naming the field', async (body, message) => {
    const reply = await gateway.request('POST', '/api/basket/items', { token, body });
    expect(reply).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
    expect(reply.body['message']).toMatch(message);
  });

  it('refuses a missing body, malformed JSON and an unsupported media type', async () => {
    const missing = await gateway.request('POST', '/api/basket/items', { token });
    expect(missing).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^body: /) } });
    const malformed = await gateway.request('POST', '/api/basket/items', { token, rawBody: '{"productId": 1,' });
    expect(malformed).toMatchObject({ status: 400, body: { statusCode: 400, message: expect.stringMatching(/not valid JSON/) } });
    const proxiedMalformed = await gateway.request('PUT', '/api/basket', { token, rawBody: '{"items": [' });
    expect(proxiedMalformed.status).toBe(400);
    const xml = await gateway.request('PUT', '/api/basket', { token, headers: { 'content-type': 'application/xml' }, rawBody: '<items/>' });
    expect(xml).toMatchObject({ status: 415, body: { statusCode: 415 } });
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ productId: i + 1, productName: 'x'.repeat(30), quantity: 1 }));
    const reply = await gateway.request('PUT', '/api/basket', { token, body: { items } });
    expect(reply).toMatchObject({ status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' } });
  });
});

describe('gateway rate limiting', () => {
  let script: ReturnType<typeof bundleForTest>;
  let upstream: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    script = bundleForTest('apps/api-gateway/src/test/fake-upstream.ts');
    upstream = await FakeUpstream.start(script.file, 'catalog-api');
    // Clients are told apart by X-Forwarded-For, as behind an ingress.
    gateway = await TestGateway.start({ CATALOG_URL: upstream.url, RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY: 'true' });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    script?.remove();
  });

  it('allows RATE_LIMIT_MAX requests per client and window, then 429, per client', async () => {
    const as = (client: string) => ({ headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 5; i++) expect((await gateway.request('GET', '/api/catalog/items/1', as('10.0.0.1'))).status).toBe(200);

    const limited = await gateway.request('GET', '/api/catalog/items/1', as('10.0.0.1'));
    expect(limited).toMatchObject({
      status: 429,
      body: { statusCode: 429, error: 'Too Many Requests', message: 'too many requests: at most 5 per 60000 ms per client' },
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Refused tokens count too (the limit is checked before the token).
    expect((await gateway.request('GET', '/api/basket', as('10.0.0.1'))).status).toBe(429);
    // Another client has its own budget; health probes are never limited.
    expect((await gateway.request('GET', '/api/catalog/items/1', as('10.0.0.2'))).status).toBe(200);
    expect((await gateway.request('GET', '/health/ready', as('10.0.0.1'))).status).toBe(200);
    expect(await upstream.calls()).toHaveLength(6);
  });
});
