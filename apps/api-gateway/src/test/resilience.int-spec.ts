import { waitFor } from '@eshop/testing';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, tokenFor, type GatewayReply } from './gateway.fixture';

// Short, test-sized policy values (production defaults are in api-gateway.config.ts).
const TIMEOUT_MS = 1_000;
// Long enough for a restarted upstream process to be listening before the circuit half-opens,
// even on a loaded machine (the test asserts that the restarted upstream sees no call).
const COOL_DOWN_MS = 6_000;
const token = tokenFor('alice');

function upstreamFailure(reply: GatewayReply) {
  return { status: reply.status, upstream: reply.body['upstream'], code: reply.body['code'] };
}

/**
 * Upstreams that are down, slow, open-circuited or saturated get fast, typed answers naming
 * them (503, or 504 at the timeout), never a hang and never a 500.
 */
describe('gateway resilience', () => {
  const fakes = new FakeUpstreams();
  let catalog: FakeUpstream;
  let basket: FakeUpstream;
  let gateway: TestGateway | undefined;

  const start = async (env: Record<string, string> = {}) => {
    gateway = await TestGateway.start({
      CATALOG_URL: catalog.url,
      BASKET_URL: basket.url,
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      BREAKER_HALF_OPEN_AFTER_MS: String(COOL_DOWN_MS),
      RETRY_MAX_ATTEMPTS: '2',
      RETRY_INITIAL_DELAY_MS: '10',
      ...env,
    });
    return gateway;
  };

  beforeAll(async () => {
    [catalog, basket] = await fakes.start('catalog-api', 'basket-api');
  }, 60_000);

  afterAll(async () => {
    await fakes.stop();
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await Promise.all([catalog, basket].map((u) => u.behave({})));
    await Promise.all([catalog, basket].map((u) => u.forgetCalls()));
  });

  it('killed upstream: 503 without waiting, then the circuit opens and fails fast, then recovers after the cool-down', async () => {
    // The breaker opens when more than half of at least 4 calls in 10 s failed.
    const gw = await start({ BREAKER_SAMPLING_MS: '10000', BREAKER_MIN_RPS: '0.4' });
    expect((await gw.request('GET', '/api/catalog/items/1')).status).toBe(200);
    await catalog.kill();

    const refused = await gw.request('GET', '/api/catalog/items/1');
    expect(upstreamFailure(refused)).toEqual({ status: 503, upstream: 'catalog-api', code: 'UPSTREAM_UNAVAILABLE' });
    expect(refused.body['message']).toBe('catalog-api is unavailable');
    expect(refused.elapsedMs).toBeLessThan(TIMEOUT_MS);

    const open = await waitFor(async () => {
      const reply = await gw.request('GET', '/api/catalog/items/1');
      expect(upstreamFailure(reply)).toMatchObject({ status: 503, upstream: 'catalog-api' });
      return reply.body['code'] === 'CIRCUIT_OPEN' ? reply : undefined;
    }, 'the circuit to open', 5_000);
    expect(open.body['message']).toMatch(/^catalog-api is failing/);

    // Back up, but the circuit is still open: refused at once, the upstream never sees it.
    await catalog.restart();
    const fastFail = await gw.request('GET', '/api/catalog/items/1');
    expect(upstreamFailure(fastFail)).toEqual({ status: 503, upstream: 'catalog-api', code: 'CIRCUIT_OPEN' });
    // Typically a few ms; the bound is only "never waits for the timeout" (a loaded machine
    // can take 100 ms for any round trip). That it never reached the upstream is the proof.
    expect(fastFail.elapsedMs).toBeLessThan(TIMEOUT_MS);
    expect(await catalog.calls()).toEqual([]);

    // The gateway itself stays ready, and its public answer is the status only (no circuit states).
    const ready = await gw.request('GET', '/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(ready.text).not.toMatch(/circuit|bulkhead|catalog-api/);
    // Other upstreams are unaffected.
    expect((await gw.request('GET', '/api/basket', { token })).status).toBe(200);

    // After the cool-down one probe goes through; it succeeds and closes the circuit.
    await waitFor(async () => (await gw.request('GET', '/api/catalog/items/1')).status === 200, 'recovery', COOL_DOWN_MS + 5_000, 100);
    expect((await gw.request('GET', '/api/catalog/items/2')).status).toBe(200);
    expect((await catalog.calls()).length).toBeGreaterThanOrEqual(2);
  });

  it('slow upstream: 504 at the timeout, and the late request is aborted upstream', async () => {
    const gw = await start({ UPSTREAM_TIMEOUT_MS: '500' });
    await catalog.behave({ delayMs: 10_000 });

    const write = await gw.request('POST', '/api/catalog/items', { token, body: { name: 'tent' } });
    expect(upstreamFailure(write)).toEqual({ status: 504, upstream: 'catalog-api', code: 'UPSTREAM_TIMEOUT' });
    expect(write.body).toMatchObject({ statusCode: 504, error: 'Gateway Timeout', message: 'catalog-api did not answer within 500 ms' });
    expect(write.elapsedMs).toBeLessThan(10_000);
    // The gateway cancelled its request (undici got the policy's AbortSignal).
    await waitFor(async () => (await catalog.calls()).every((c) => c.aborted), 'the upstream to see the abort', 3_000);
    expect(await catalog.calls()).toHaveLength(1);

    // A read gets RETRY_MAX_ATTEMPTS attempts, each with its own timeout, each aborted.
    await catalog.forgetCalls();
    const read = await gw.request('GET', '/api/catalog/items/1');
    expect(upstreamFailure(read)).toEqual({ status: 504, upstream: 'catalog-api', code: 'UPSTREAM_TIMEOUT' });
    expect(read.elapsedMs).toBeLessThan(10_000);
    await waitFor(async () => (await catalog.calls()).every((c) => c.aborted), 'the upstream to see the aborts', 3_000);
    expect(await catalog.calls()).toHaveLength(2);
  });

  it('bulkhead: a burst beyond the cap and the queue is refused at once, the rest succeed', async () => {
    const gw = await start({ BULKHEAD_MAX_CONCURRENT: '2', BULKHEAD_MAX_QUEUE: '1' });
    await catalog.behave({ delayMs: 400 });

    const finished: GatewayReply[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => gw.request('GET', `/api/catalog/items/${i}`).then((reply) => finished.push(reply))),
    );

    const outcomes = finished.map((r) => (r.status === 200 ? 'ok' : `${r.status} ${String(r.body['code'])} ${String(r.body['upstream'])}`));
    // The three refusals came back before any of the admitted calls finished.
    expect(outcomes).toEqual([
      '503 BULKHEAD_REJECTED catalog-api',
      '503 BULKHEAD_REJECTED catalog-api',
      '503 BULKHEAD_REJECTED catalog-api',
      'ok',
      'ok',
      'ok',
    ]);
    expect(await catalog.calls()).toHaveLength(3);
  });

  it('retries reads but never writes (counted at the upstream)', async () => {
    const gw = await start({ RETRY_MAX_ATTEMPTS: '3' });
    await basket.behave({ status: 503 });

    const checkout = await gw.request('POST', '/api/basket/checkout', { token, body: {}, headers: { 'x-requestid': 'req-1' } });
    expect(upstreamFailure(checkout)).toEqual({ status: 503, upstream: 'basket-api', code: 'UPSTREAM_UNAVAILABLE' });
    expect((await basket.calls()).map((c) => c.method)).toEqual(['POST']);

    await basket.forgetCalls();
    expect((await gw.request('PUT', '/api/basket', { token, body: { items: [] } })).status).toBe(503);
    expect((await basket.calls()).map((c) => c.method)).toEqual(['PUT']);

    await basket.forgetCalls();
    expect((await gw.request('GET', '/api/basket', { token })).status).toBe(503);
    expect((await basket.calls()).map((c) => c.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('a read that fails once is retried and succeeds', async () => {
    const gw = await start();
    await catalog.behave({ delayMs: 5_000 });
    const pending = gw.request('GET', '/api/catalog/items/3');
    await waitFor(async () => (await catalog.calls()).length === 1, 'the first attempt to arrive');
    await catalog.behave({});
    const reply = await pending;
    expect(reply).toMatchObject({ status: 200, body: { upstream: 'catalog-api', url: '/api/catalog/items/3' } });
    const calls = await catalog.calls();
    expect(calls.map((c) => c.aborted)).toEqual([true, false]);
  });
});
