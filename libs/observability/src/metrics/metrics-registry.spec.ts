import { ServiceMetrics } from './metrics-registry';

describe('ServiceMetrics', () => {
  it('computes a labelled gauge at scrape time, dropping series that are gone', async () => {
    const metrics = new ServiceMetrics('api-gateway');
    let states: Record<string, number> = { 'catalog-api': 2, 'basket-api': 0 };
    metrics.labelledGauge('eshop_upstream_circuit_state', 'circuit', 'upstream', () => states);
    const text = await metrics.registry.metrics();
    expect(text).toContain('eshop_upstream_circuit_state{upstream="catalog-api",service="api-gateway"} 2');
    expect(text).toContain('eshop_upstream_circuit_state{upstream="basket-api",service="api-gateway"} 0');
    states = { 'basket-api': 1 };
    const next = await metrics.registry.metrics();
    expect(next).not.toContain('upstream="catalog-api"');
    expect(next).toContain('eshop_upstream_circuit_state{upstream="basket-api",service="api-gateway"} 1');
  });

  it('hands out one histogram per name, with its buckets and labels', async () => {
    const metrics = new ServiceMetrics('basket-api');
    const first = metrics.histogram('eshop_basket_price_fanout_baskets', 'fan-out', [0, 1, 10]);
    expect(metrics.histogram('eshop_basket_price_fanout_baskets', 'fan-out', [0, 1, 10])).toBe(first);
    first.observe(3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('eshop_basket_price_fanout_baskets_bucket{le="1",service="basket-api"} 0');
    expect(text).toContain('eshop_basket_price_fanout_baskets_bucket{le="10",service="basket-api"} 1');
    const labelled = metrics.histogram('x_seconds', 'x', [1], ['upstream']);
    labelled.observe({ upstream: 'catalog-api' }, 0.5);
    // prom-client orders a histogram's default label first: match the labels in any order.
    expect(await metrics.registry.metrics()).toMatch(/^x_seconds_count\{(?=[^}]*upstream="catalog-api")(?=[^}]*service="basket-api")[^}]*\} 1$/m);
  });
});
