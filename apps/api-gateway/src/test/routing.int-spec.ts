import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, tokenFor, upstreamUrls } from './gateway.fixture';

/** Routing with static discovery: each prefix reaches its upstream, with the right headers. */
describe('gateway routing (static discovery)', () => {
  const fakes = new FakeUpstreams();
  let catalog: FakeUpstream;
  let basket: FakeUpstream;
  let ordering: FakeUpstream;
  let gateway: TestGateway;
  const token = tokenFor('alice');

  beforeAll(async () => {
    [catalog, basket, ordering] = await fakes.start('catalog-api', 'basket-api', 'ordering-api');
    gateway = await TestGateway.start({
      ...upstreamUrls(catalog, basket, ordering),
      // Small breaker volume: a mistake that counted 404s as failures would open it here.
      BREAKER_MIN_RPS: '0.3',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  beforeEach(() => Promise.all([catalog, basket, ordering].map((upstream) => upstream.forgetCalls())));

  it('sends each prefix to its upstream with the same path and query, and relays the answer', async () => {
    const items = await gateway.request('GET', '/api/catalog/items?pageIndex=1&pageSize=3');
    const basketReply = await gateway.request('GET', '/api/basket', { token });
    const order = await gateway.request('GET', '/api/orders/42', { token });

    expect(items).toMatchObject({ status: 200, body: { upstream: 'catalog-api', method: 'GET', url: '/api/catalog/items?pageIndex=1&pageSize=3' } });
    expect(items.headers.get('content-type')).toMatch(/^application\/json/);
    expect(basketReply.body).toMatchObject({ upstream: 'basket-api', url: '/api/basket' });
    expect(order.body).toMatchObject({ upstream: 'ordering-api', url: '/api/orders/42' });
    expect((await catalog.calls()).map((c) => c.url)).toEqual(['/api/catalog/items?pageIndex=1&pageSize=3']);
    expect((await basket.calls()).map((c) => c.url)).toEqual(['/api/basket']);
    expect((await ordering.calls()).map((c) => c.url)).toEqual(['/api/orders/42']);
  });

  it('passes Authorization, x-requestid and traceparent, its request id, and nothing else of the client', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const requestId = '7f1c9a52-0c47-4e0e-9a55-3f7f3f0b8a11';
    const reply = await gateway.request('POST', '/api/basket/checkout', {
      token,
      body: { city: 'Lisbon' },
      headers: { 'x-requestid': requestId, traceparent, cookie: 'session=secret', 'x-internal': 'no', 'x-request-id': 'log-id-1' },
    });

    expect(reply.status).toBe(200);
    const [call] = await basket.calls();
    expect(call).toMatchObject({ method: 'POST', url: '/api/basket/checkout', body: '{"city":"Lisbon"}' });
    expect(call?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-requestid': requestId,
      traceparent,
      'content-type': 'application/json',
      'x-request-id': 'log-id-1',
      'x-forwarded-for': '127.0.0.1',
    });
    expect(call?.headers['cookie']).toBeUndefined();
    expect(call?.headers['x-internal']).toBeUndefined();
    expect(reply.headers.get('x-request-id')).toBe('log-id-1');
  });

  it('gives every request an id and a trace when the client sent none, and the upstream gets both', async () => {
    const reply = await gateway.request('GET', '/api/catalog/catalogbrands', { headers: { traceparent: 'garbage', tracestate: 'x=1' } });
    const id = reply.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [call] = await catalog.calls();
    expect(call?.headers['x-request-id']).toBe(id);
    expect(call?.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(call?.headers['tracestate']).toBeUndefined();
  });

  it('routes writes of every verb (PUT, DELETE) to the right upstream', async () => {
    await gateway.request('PUT', '/api/orders/cancel', { token, body: { orderNumber: 7 }, headers: { 'x-requestid': 'r-1' } });
    await gateway.request('DELETE', '/api/basket', { token });
    await gateway.request('PUT', '/api/basket', { token, body: { items: [] } });
    expect((await ordering.calls()).map((c) => `${c.method} ${c.url} ${c.body}`)).toEqual(['PUT /api/orders/cancel {"orderNumber":7}']);
    expect((await basket.calls()).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/basket', 'PUT /api/basket']);
  });

  it("relays an upstream's 4xx untouched, and a 4xx does not count against the upstream", async () => {
    await catalog.behave({ status: 404 });
    try {
      for (let i = 0; i < 6; i++) {
        const reply = await gateway.request('GET', `/api/catalog/items/${900 + i}`);
        expect(reply).toMatchObject({ status: 404, body: { message: `catalog-api: nothing at /api/catalog/items/${900 + i}` } });
      }
      // Not retried (one call each), and the circuit stayed closed: the next read reaches catalog.
      expect(await catalog.calls()).toHaveLength(6);
    } finally {
      await catalog.behave({ status: 200 });
    }
    expect(await gateway.request('GET', '/api/catalog/items/1')).toMatchObject({ status: 200, body: { upstream: 'catalog-api' } });
  });

  it('answers unknown routes with a JSON 404, without calling anything', async () => {
    const reply = await gateway.request('GET', '/api/payments/1', { token });
    expect(reply).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
    const all = await Promise.all([catalog, basket, ordering].map((u) => u.calls()));
    expect(all.flat()).toEqual([]);
  });
});
