import { REFUSED_TOKENS, describeTokenChecks } from '@eshop/testing';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, adminToken, identity, tokenFor, upstreamUrls } from './gateway.fixture';

/**
 * Tokens at the edge: the gateway verifies them against identity-api's JWKS like every
 * service (the shared case table), calls no upstream for a refused one, lets catalog reads
 * through without one, and forwards staff requests: the role is checked by the service that
 * owns the data (catalog-api, ordering-api), not only here.
 */
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

  describeTokenChecks(
    () => ({
      identity,
      send: async (route, authorization) =>
        gateway.request(route.method, route.path, { headers: authorization === undefined ? {} : { authorization } }),
      protectedRoute: { method: 'GET', path: '/api/basket', buyerStatus: 200 },
    }),
    { staffRoutes: false },
  );

  it.each(REFUSED_TOKENS)('calls no upstream for %s, on any protected route', async (_case, forge) => {
    const authorization = forge(identity);
    for (const [method, path] of [
      ['GET', '/api/basket'],
      ['POST', '/api/basket/items'],
      ['GET', '/api/orders'],
      ['POST', '/api/catalog/items'],
      ['PUT', '/api/orders/ship'],
    ] as const) {
      const reply = await gateway.request(method, path, {
        headers: authorization === undefined ? {} : { authorization },
        ...(method === 'GET' ? {} : { body: { productId: 1, quantity: 1 } }),
      });
      expect({ path, status: reply.status, error: reply.body['error'] }).toEqual({ path, status: 401, error: 'Unauthorized' });
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

  it('forwards requests with a valid token, staff ones included, with the token for the service to check', async () => {
    const buyer = tokenFor('bob');
    const admin = adminToken();
    expect((await gateway.request('DELETE', '/api/catalog/items/5', { token: buyer })).status).toBe(200);
    expect((await gateway.request('DELETE', '/api/catalog/items/6', { token: admin })).status).toBe(200);
    expect((await gateway.request('GET', '/api/orders', { token: buyer })).status).toBe(200);
    expect((await upstream.calls()).map((c) => `${c.method} ${c.url} ${c.headers['authorization']}`)).toEqual([
      `DELETE /api/catalog/items/5 Bearer ${buyer}`,
      `DELETE /api/catalog/items/6 Bearer ${admin}`,
      `GET /api/orders Bearer ${buyer}`,
    ]);
  });

  it('has no dev-token endpoint (dev tokens are identity-api\'s, tests only)', async () => {
    const reply = await gateway.request('POST', '/api/auth/dev-token', { body: { userId: 'alice', name: 'Alice' } });
    expect(reply).toMatchObject({ status: 404, body: { statusCode: 404 } });
  });
});
