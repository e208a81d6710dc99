import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, tokenFor, upstreamUrls, type GatewayReply } from './gateway.fixture';

/** Security headers, readiness, and rate limiting per client and route class. */
describe('gateway edge', () => {
  const fakes = new FakeUpstreams();
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const token = tokenFor('alice');
  // Clients are told apart by X-Forwarded-For, as behind an ingress.
  const as = (client: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': client, ...headers } });

  beforeAll(async () => {
    [upstream] = await fakes.start('any-api');
    gateway = await TestGateway.start({
      ...upstreamUrls(upstream),
      TRUST_PROXY: 'true',
      // An hour-long window: the buckets do not refill noticeably during the test.
      RATE_LIMIT_WINDOW_MS: '3600000',
      RATE_LIMIT_MAX: '5',
      RATE_LIMIT_BURST: '5',
      RATE_LIMIT_WRITE_MAX: '2',
      RATE_LIMIT_WRITE_BURST: '2',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  const securityHeaders = (reply: GatewayReply) => ({
    nosniff: reply.headers.get('x-content-type-options'),
    frame: reply.headers.get('x-frame-options'),
    csp: reply.headers.get('content-security-policy'),
    hsts: reply.headers.get('strict-transport-security'),
  });

  it('puts security headers on every answer (forwarded, own, error, docs), HSTS only over https', async () => {
    const answers = [
      await gateway.request('GET', '/api/catalog/items/1', as('10.1.0.1')),
      await gateway.request('GET', '/api/basket', as('10.1.0.1')), // 401
      await gateway.request('GET', '/api/nothing-here', as('10.1.0.1')), // 404
      await gateway.request('GET', '/api/docs', as('10.1.0.1')),
      await gateway.request('GET', '/health/live'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200, 200]);
    for (const answer of answers) {
      expect(securityHeaders(answer)).toEqual({
        nosniff: 'nosniff',
        frame: 'DENY',
        csp: expect.stringContaining("script-src 'self'"),
        hsts: null,
      });
    }
    expect(answers[3]?.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const viaTls = await gateway.request('GET', '/api/catalog/items/1', as('10.1.0.2', { 'x-forwarded-proto': 'https' }));
    expect(securityHeaders(viaTls).hsts).toBe('max-age=31536000; includeSubDomains');
  });

  it('refuses 10,000 levels of nested JSON with 400 (no 500)', async () => {
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const reply = await gateway.request('PUT', '/api/basket', { token, rawBody: nested, ...as('10.1.0.3') });
    expect(reply).toMatchObject({ status: 400, body: { message: 'body: JSON nested deeper than 32 levels' } });
  });

  it('answers /health/ready with the status only', async () => {
    const ready = await gateway.request('GET', '/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(ready.text).not.toMatch(/circuit|bulkhead|queue|catalog-api|basket-api|ordering-api/);
  });

  it('lets a burst through up to the route class budget, per client: writes tighter than reads', async () => {
    const burst = async (method: string, path: string, client: string, n: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) statuses.push((await gateway.request(method, path, { token, ...as(client), ...(method === 'GET' ? {} : { body: {} }) })).status);
      return { allowed: statuses.filter((s) => s < 400).length, refused: statuses.filter((s) => s === 429).length };
    };
    expect(await burst('GET', '/api/catalog/items/1', '10.2.0.1', 8)).toEqual({ allowed: 5, refused: 3 });
    // Writes have their own, smaller budget: the reads above did not use it up.
    expect(await burst('PUT', '/api/basket', '10.2.0.1', 5)).toEqual({ allowed: 2, refused: 3 });
    // Another client has its own budgets; health probes are never limited.
    expect(await burst('GET', '/api/orders', '10.2.0.2', 2)).toEqual({ allowed: 2, refused: 0 });
    expect((await gateway.request('GET', '/health/ready', as('10.2.0.1'))).status).toBe(200);
  });

  it('answers 429 with Retry-After, and counts refused tokens too (the limit comes before the token)', async () => {
    for (let i = 0; i < 2; i++) await gateway.request('DELETE', '/api/basket', as('10.3.0.1')); // 401s, counted
    const limited = await gateway.request('DELETE', '/api/basket', { token, ...as('10.3.0.1') });
    expect(limited).toMatchObject({ status: 429, body: { statusCode: 429, message: 'too many writes from this client: 2 at once, 2 per 3600000 ms' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
