import jwt from 'jsonwebtoken';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TEST_SECRET, TestGateway, tokenFor, upstreamUrls } from './gateway.fixture';

/** JWT at the edge: catalog reads are public, everything else needs a valid HS256 token. */
describe('gateway authentication', () => {
  const fakes = new FakeUpstreams();
  let upstream: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    [upstream] = await fakes.start('any-api');
    gateway = await TestGateway.start(upstreamUrls(upstream));
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  beforeEach(() => upstream.forgetCalls());

  const expired = () => jwt.sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_SECRET, { algorithm: 'HS256' });
  const unsigned = () => jwt.sign({ sub: 'alice' }, '', { algorithm: 'none' });
  const hs512 = () => jwt.sign({ sub: 'alice' }, TEST_SECRET, { algorithm: 'HS512' });

  it.each([
    ['no token', {}, 'missing bearer token'],
    ['an expired token', { authorization: `Bearer ${expired()}` }, 'token expired'],
    ['a malformed token', { authorization: 'Bearer not-a-jwt' }, 'malformed bearer token'],
    ['a non-bearer scheme', { authorization: 'Basic YWxpY2U6cHc=' }, 'malformed bearer token'],
    ['a token signed with another secret', { authorization: `Bearer ${tokenFor('alice', 'another-secret-0123456789')}` }, 'invalid token'],
    ['an unsigned (alg none) token', { authorization: `Bearer ${unsigned()}` }, 'invalid token'],
    ['an HS512 token', { authorization: `Bearer ${hs512()}` }, 'invalid token'],
  ])('refuses %s with a JSON 401, and calls no upstream', async (_case, headers, message) => {
    for (const [method, path] of [
      ['GET', '/api/basket'],
      ['POST', '/api/basket/items'],
      ['GET', '/api/orders'],
      ['POST', '/api/catalog/items'],
    ] as const) {
      const reply = await gateway.request(method, path, { headers, ...(method === 'POST' ? { body: { productId: 1, quantity: 1 } } : {}) });
      expect({ path, status: reply.status, error: reply.body['error'] }).toEqual({ path, status: 401, error: 'Unauthorized' });
      expect(reply.body['message']).toMatch(new RegExp(`^(${message})$`));
    }
    expect(await upstream.calls()).toEqual([]);
  });

  it('lets catalog reads through without a token, but not catalog writes', async () => {
    expect((await gateway.request('GET', '/api/catalog/items/1')).status).toBe(200);
    expect((await gateway.request('GET', '/api/catalog/items?pageSize=2')).status).toBe(200);
    expect((await gateway.request('PUT', '/api/catalog/items/1', { body: { price: 1 } })).status).toBe(401);
    expect((await gateway.request('DELETE', '/api/catalog/items/1')).status).toBe(401);
    expect((await upstream.calls()).map((c) => c.method)).toEqual(['GET', 'GET']);
  });

  it('forwards requests that carry a valid token, writes included', async () => {
    const token = tokenFor('bob');
    expect((await gateway.request('DELETE', '/api/catalog/items/5', { token })).status).toBe(200);
    expect((await gateway.request('GET', '/api/orders', { token })).status).toBe(200);
    expect((await upstream.calls()).map((c) => `${c.method} ${c.url} ${c.headers['authorization']}`)).toEqual([
      `DELETE /api/catalog/items/5 Bearer ${token}`,
      `GET /api/orders Bearer ${token}`,
    ]);
  });

  it('has no dev-token endpoint unless AUTH_DEV_TOKENS=true', async () => {
    const reply = await gateway.request('POST', '/api/auth/dev-token', { body: { userId: 'alice', name: 'Alice' } });
    expect(reply).toMatchObject({ status: 404, body: { statusCode: 404 } });
  });
});

describe('gateway dev tokens (AUTH_DEV_TOKENS=true)', () => {
  const fakes = new FakeUpstreams();
  let upstream: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    [upstream] = await fakes.start('basket-api');
    gateway = await TestGateway.start({ BASKET_URL: upstream.url, AUTH_DEV_TOKENS: 'true' });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  it('hands out a token for the buyer asked for, which the gateway then accepts', async () => {
    const issued = await gateway.request('POST', '/api/auth/dev-token', { body: { userId: 'carol', name: 'Carol C.' } });
    expect(issued).toMatchObject({ status: 200, body: { tokenType: 'Bearer', expiresIn: 43_200 } });
    const token = String(issued.body['accessToken']);
    expect(jwt.verify(token, TEST_SECRET, { algorithms: ['HS256'] })).toMatchObject({ sub: 'carol', name: 'Carol C.' });

    expect((await gateway.request('GET', '/api/basket', { token })).status).toBe(200);
    expect((await upstream.calls())[0]?.headers['authorization']).toBe(`Bearer ${token}`);
  });

  it('names the bad field of a dev-token request', async () => {
    const unknownField = await gateway.request('POST', '/api/auth/dev-token', { body: { userId: 'carol', name: 'C', role: 'admin' } });
    expect(unknownField).toMatchObject({ status: 400, body: { message: 'role: unknown field' } });
    const badId = await gateway.request('POST', '/api/auth/dev-token', { body: { userId: 'a b', name: 'C' } });
    expect(badId).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^userId: /) } });
  });
});
