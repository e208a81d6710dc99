import { boundMetricsPort } from '@eshop/observability';
import { waitFor } from '@eshop/testing';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway } from './gateway.fixture';

/**
 * The value of the series `name` whose labels are exactly `labels` plus `service`, in any
 * order (prom-client puts the default label first or last); undefined when absent.
 */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries({ ...labels, service: 'api-gateway' }).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] === name && match[2]?.split(',').sort().join(',') === wanted) return Number(match[3]);
  }
  return undefined;
}

/**
 * The gateway's Prometheus metrics (docs/patterns/observability.md): request durations by
 * route template, upstream call durations by outcome, and the circuit state per upstream,
 * all on METRICS_PORT, none on the public port.
 */
describe('gateway metrics', () => {
  const fakes = new FakeUpstreams();
  let catalog: FakeUpstream;
  let gateway: TestGateway;
  let scrape: () => Promise<string>;

  beforeAll(async () => {
    [catalog] = await fakes.start('catalog-api');
    gateway = await TestGateway.start({
      CATALOG_URL: catalog.url,
      BASKET_URL: catalog.url,
      ORDERING_URL: catalog.url,
      METRICS_PORT: '0',
      UPSTREAM_TIMEOUT_MS: '2000',
      RETRY_MAX_ATTEMPTS: '1',
      // Opens once more than half of at least 2 calls in 10 s failed; stays open a minute.
      BREAKER_SAMPLING_MS: '10000',
      BREAKER_MIN_RPS: '0.2',
      BREAKER_HALF_OPEN_AFTER_MS: '60000',
    });
    const port = boundMetricsPort();
    scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  it('times requests by route template (a 404 as `unmatched`) and upstream calls by upstream, method and status', async () => {
    expect((await gateway.request('GET', '/api/catalog/items/1')).status).toBe(200);
    expect((await gateway.request('GET', '/api/catalog/items/2')).status).toBe(200);
    expect((await gateway.request('GET', '/no/such/route')).status).toBe(404);

    const text = await scrape();
    // Both item ids are one series: the template, never the raw path.
    expect(sample(text, 'http_server_request_duration_seconds_count', { route: '/api/catalog/*', method: 'GET', status_code: '200' })).toBe(2);
    expect(sample(text, 'http_server_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status_code: '404' })).toBe(1);
    expect(text).not.toContain('/api/catalog/items/1');
    expect(sample(text, 'eshop_upstream_request_duration_seconds_count', { upstream: 'catalog-api', method: 'GET', status: '200' })).toBe(2);
    expect(sample(text, 'eshop_upstream_circuit_state', { upstream: 'catalog-api' })).toBe(0);
    expect(sample(text, 'eshop_upstream_circuit_state', { upstream: 'basket-api' })).toBe(0);
  });

  it('shows a failing upstream: its 5xx as status, then the circuit open (2) and calls refused as circuit_open', async () => {
    await catalog.behave({ status: 500 });
    await waitFor(async () => {
      await gateway.request('GET', '/api/catalog/items/1');
      return sample(await scrape(), 'eshop_upstream_circuit_state', { upstream: 'catalog-api' }) === 2 || undefined;
    }, 'the catalog circuit to open', 30_000);
    expect((await gateway.request('GET', '/api/catalog/items/1')).status).toBe(503);

    const text = await scrape();
    expect(sample(text, 'eshop_upstream_request_duration_seconds_count', { upstream: 'catalog-api', method: 'GET', status: '500' })).toBeGreaterThan(0);
    expect(sample(text, 'eshop_upstream_request_duration_seconds_count', { upstream: 'catalog-api', method: 'GET', status: 'circuit_open' })).toBeGreaterThan(0);
    // One broken upstream: the others' circuits stay closed.
    expect(sample(text, 'eshop_upstream_circuit_state', { upstream: 'ordering-api' })).toBe(0);
    expect(text).toContain('# HELP eshop_upstream_circuit_state Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open');
  });

  it('serves /metrics on the metrics port only, never on the public one', async () => {
    expect(boundMetricsPort()).toBeGreaterThan(0);
    expect((await gateway.request('GET', '/metrics')).status).toBe(404);
  });
});
