import { hostname } from 'node:os';
import { loadConfig } from '@eshop/config';
import { z } from 'zod';
import { NoHealthyInstanceError } from './discovery.errors';
import { advertisedAddress, DEFAULT_STATIC_URLS, discoveryEnv, staticUrlsFromConfig } from './discovery.env';
import { StaticServiceResolver } from './static-service-resolver';

const schema = z.object(discoveryEnv);

describe('static discovery (DISCOVERY=static)', () => {
  it('resolves each upstream to the URL of its env variable', async () => {
    const config = loadConfig(schema, {
      CATALOG_URL: 'http://catalog-api:8081',
      BASKET_URL: 'https://basket.eshop.svc.cluster.local/',
      ORDERING_URL: 'http://10.0.0.9:9083',
    });
    const resolver = new StaticServiceResolver(staticUrlsFromConfig(config));

    expect(await resolver.resolve('catalog-api')).toEqual({
      id: 'static:catalog-api',
      service: 'catalog-api',
      address: 'catalog-api',
      port: 8081,
      url: 'http://catalog-api:8081',
      tags: [],
      meta: {},
    });
    expect(await resolver.resolve('basket-api')).toMatchObject({ url: 'https://basket.eshop.svc.cluster.local', port: 443 });
    expect((await resolver.resolve('ordering-api')).url).toBe('http://10.0.0.9:9083');
    expect(resolver.status()).toEqual({
      'catalog-api': { source: 'static', instances: 1, upToDate: true },
      'basket-api': { source: 'static', instances: 1, upToDate: true },
      'ordering-api': { source: 'static', instances: 1, upToDate: true },
    });
  });

  it('defaults to the contract ports on localhost', async () => {
    const resolver = new StaticServiceResolver(staticUrlsFromConfig(loadConfig(schema, {})));
    expect(await Promise.all(['catalog-api', 'basket-api', 'ordering-api'].map(async (s) => (await resolver.resolve(s)).url))).toEqual([
      'http://localhost:8081',
      'http://localhost:8082',
      'http://localhost:8083',
    ]);
    expect(staticUrlsFromConfig(loadConfig(schema, {}))).toEqual(DEFAULT_STATIC_URLS);
  });

  it('names a malformed URL variable, and an unknown service', async () => {
    expect(() => loadConfig(schema, { ORDERING_URL: 'amqp://x' })).toThrow(/ORDERING_URL: must be a http\/https URL/);
    const resolver = new StaticServiceResolver(DEFAULT_STATIC_URLS);
    await expect(resolver.resolve('payment-api')).rejects.toBeInstanceOf(NoHealthyInstanceError);
    expect(await resolver.instances('payment-api')).toEqual([]);
  });

  it('advertises SERVICE_ADDRESS when set, else the host name', () => {
    expect(advertisedAddress('10.9.8.7')).toBe('10.9.8.7');
    expect(advertisedAddress('  ')).toBe(hostname());
    expect(advertisedAddress(undefined)).toBe(hostname());
  });
});
