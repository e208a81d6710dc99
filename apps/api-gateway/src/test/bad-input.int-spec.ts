import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, tokenFor, upstreamUrls } from './gateway.fixture';

/** Bad input is refused at the gateway with a 4xx naming the problem; nothing goes upstream. */
describe('gateway input checks', () => {
  const fakes = new FakeUpstreams();
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const token = tokenFor('alice');

  beforeAll(async () => {
    [upstream] = await fakes.start('any-api');
    gateway = await TestGateway.start({ ...upstreamUrls(upstream), BODY_LIMIT_BYTES: '2048' });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  afterEach(async () => expect(await upstream.calls()).toEqual([]));

  it.each([
    [{ productId: 1, quantity: -2 }, /^quantity: /],
    [{ productId: 1, quantity: 1.5 }, /^quantity: /],
    [{ productId: 'one', quantity: 1 }, /^productId: /],
    [{ productId: 2_147_483_648, quantity: 1 }, /^productId: /],
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

  it('refuses deeply nested JSON with 400 before parsing it, on forwarded and own routes alike', async () => {
    const deep = `${'['.repeat(1_000)}${']'.repeat(1_000)}`; // within this gateway's 2 KiB body limit
    for (const [method, path] of [['PUT', '/api/basket'], ['POST', '/api/basket/items'], ['POST', '/api/catalog/items']] as const) {
      const reply = await gateway.request(method, path, { token, rawBody: deep });
      expect(reply).toMatchObject({ status: 400, body: { statusCode: 400, message: 'body: JSON nested deeper than 32 levels' } });
    }
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ productId: i + 1, productName: 'x'.repeat(30), quantity: 1 }));
    const reply = await gateway.request('PUT', '/api/basket', { token, body: { items } });
    expect(reply).toMatchObject({ status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' } });
  });
});
