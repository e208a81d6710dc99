import { FakeConsul, type RegisteredService, waitFor } from '@eshop/testing';
import { ConsulServiceResolver } from '../lib/consul-service-resolver';
import { NoHealthyInstanceError } from '../lib/discovery.errors';
import { silentLogger } from '@eshop/logger';

const instance = (n: number, address = `10.0.0.${n}`): RegisteredService => ({
  ID: `catalog-api-${n}`,
  Name: 'catalog-api',
  Address: address,
  Port: 8081,
  Tags: ['eshop'],
  Meta: { version: `1.0.${n}` },
});

describe('ConsulServiceResolver against a Consul-compatible HTTP API', () => {
  let fake: FakeConsul;
  let resolver: ConsulServiceResolver;
  const warnings: string[] = [];

  beforeEach(async () => {
    fake = await FakeConsul.start();
    warnings.length = 0;
    // wait=30s: any change seen within a few seconds came through the blocking query, not a re-poll.
    resolver = new ConsulServiceResolver({
      consulUrl: fake.url,
      waitSeconds: 30,
      retryMaxMs: 200,
      logger: { ...silentLogger, warn: (_fields, message) => void warnings.push(message) },
    });
  });
  afterEach(async () => {
    await resolver.close();
    await fake.close();
  });

  const urls = async (calls: number) => {
    const seen: string[] = [];
    for (let i = 0; i < calls; i++) seen.push((await resolver.resolve('catalog-api')).url);
    return seen;
  };
  const healthQueries = () => fake.requests.filter((r) => r.path === '/v1/health/service/catalog-api');

  it('returns only passing instances, round robin, in the shape the gateway needs', async () => {
    fake.add(instance(1));
    fake.add(instance(2, '')); // no service address: Consul means "the node's address"
    fake.add(instance(3), 'critical');
    fake.add({ ...instance(4), ID: 'basket-api-4', Name: 'basket-api' });

    expect(await urls(4)).toEqual([
      'http://10.0.0.1:8081',
      'http://127.0.0.1:8081',
      'http://10.0.0.1:8081',
      'http://127.0.0.1:8081',
    ]);
    expect(await resolver.instances('catalog-api')).toEqual([
      expect.objectContaining({ id: 'catalog-api-1', service: 'catalog-api', address: '10.0.0.1', port: 8081, tags: ['eshop'], meta: { version: '1.0.1' } }),
      expect.objectContaining({ id: 'catalog-api-2', address: '127.0.0.1' }),
    ]);
    expect(healthQueries()[0]?.query.get('passing')).toBe('true');
    expect(resolver.status()).toEqual({ 'catalog-api': { source: 'consul', instances: 2, upToDate: true } });
  });

  it('drops an instance whose check turns critical, through the blocking query', async () => {
    fake.add(instance(1));
    fake.add(instance(2));
    expect(new Set(await urls(2)).size).toBe(2);

    fake.setStatus('catalog-api-2', 'critical');
    await waitFor(async () => (await resolver.instances('catalog-api')).length === 1, 'catalog-api-2 to leave', 5_000);
    expect(await urls(3)).toEqual(['http://10.0.0.1:8081', 'http://10.0.0.1:8081', 'http://10.0.0.1:8081']);

    // First query plain; every later one blocks on the index Consul last returned.
    const [first, ...blocking] = healthQueries();
    expect(first?.query.get('index')).toBe('0');
    expect(blocking.length).toBeGreaterThanOrEqual(1);
    for (const query of blocking) {
      expect(Number(query.query.get('index'))).toBeGreaterThan(0);
      expect(query.query.get('wait')).toBe('30s');
    }
    expect(healthQueries().length).toBeLessThanOrEqual(4); // no polling loop
  });

  it('adds an instance once it registers and its check passes, without a restart', async () => {
    fake.add(instance(1));
    expect(await urls(2)).toEqual(['http://10.0.0.1:8081', 'http://10.0.0.1:8081']);

    const queriesBefore = healthQueries().length;
    fake.add(instance(5), 'critical'); // registered, first check not yet run
    await waitFor(() => healthQueries().length > queriesBefore, 'the resolver to receive the change', 5_000);
    expect(await resolver.instances('catalog-api')).toHaveLength(1);

    fake.setStatus('catalog-api-5', 'passing');
    await waitFor(async () => (await resolver.instances('catalog-api')).length === 2, 'catalog-api-5 to join', 5_000);
    expect(new Set(await urls(4))).toEqual(new Set(['http://10.0.0.1:8081', 'http://10.0.0.5:8081']));
  });

  it('keeps serving the last known instances while Consul is down, and follows it when back', async () => {
    fake.add(instance(1));
    fake.add(instance(2));
    await urls(1);

    await fake.close();
    await waitFor(() => resolver.status()['catalog-api']?.upToDate === false, 'the resolver to notice', 5_000);

    expect(new Set(await urls(4))).toEqual(new Set(['http://10.0.0.1:8081', 'http://10.0.0.2:8081']));
    expect(resolver.status()['catalog-api']).toMatchObject({ instances: 2, upToDate: false, lastError: expect.any(String) });
    expect(warnings).toEqual(['consul unreachable; serving the last known instances']);
    // While it was down, instance 1 failed its check; Consul comes back (same data, same port).
    fake.setStatus('catalog-api-1', 'critical');
    await fake.reopen();
    await waitFor(() => resolver.status()['catalog-api']?.upToDate === true, 'the resolver to reconnect', 5_000);
    await waitFor(async () => (await resolver.instances('catalog-api')).length === 1, 'the new list', 5_000);
    expect(await urls(2)).toEqual(['http://10.0.0.2:8081', 'http://10.0.0.2:8081']);
  });

  it('fails with NoHealthyInstanceError when nothing passes, or Consul never answered', async () => {
    fake.add(instance(1), 'critical');
    const none = await resolver.resolve('catalog-api').catch((e: unknown) => e);
    expect(none).toBeInstanceOf(NoHealthyInstanceError);
    expect(none).toMatchObject({ service: 'catalog-api', kind: 'unavailable', reason: 'none registered and passing in consul' });

    // A generous first-answer timeout: a refused connection must end the wait at once, not
    // make every call wait out the timeout (the test's own 10 s limit would fail it).
    const unreachable = new ConsulServiceResolver({ consulUrl: 'http://127.0.0.1:1', firstAnswerTimeoutMs: 60_000 });
    try {
      for (let i = 0; i < 3; i++) {
        await expect(unreachable.resolve('catalog-api')).rejects.toMatchObject({
          reason: 'consul unreachable and no instance known yet',
        });
      }
    } finally {
      await unreachable.close();
    }
  }, 10_000);
});
