import { FakeConsul, sleep, waitFor } from '@eshop/testing';
import { ConsulRegistration } from '../lib/consul-registration';
import { ConsulServiceResolver } from '../lib/consul-service-resolver';

describe('ConsulRegistration against a Consul-compatible HTTP API', () => {
  let fake: FakeConsul;
  beforeEach(async () => (fake = await FakeConsul.start()));
  afterEach(() => fake.close());

  const catalog = (consulUrl: string, retryDelayMs = 1_000) =>
    new ConsulRegistration({
      consulUrl,
      service: { name: 'catalog-api', port: 8081, address: '10.1.2.3', tags: ['eshop', 'http'], version: '1.4.0' },
      check: { interval: '5s' },
      retryDelayMs,
      requestTimeoutMs: 1_000,
    });

  it('registers with the documented body and deregisters by the same id', async () => {
    const registration = catalog(fake.url);
    await expect(registration.register()).resolves.toBe(true);

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /v1/agent/service/register']);
    expect(fake.registrations).toEqual([
      {
        ID: 'catalog-api-10.1.2.3-8081',
        Name: 'catalog-api',
        Address: '10.1.2.3',
        Port: 8081,
        Tags: ['eshop', 'http'],
        Meta: { version: '1.4.0' },
        Check: {
          Name: 'catalog-api /health/ready',
          HTTP: 'http://10.1.2.3:8081/health/ready',
          Interval: '5s',
          Timeout: '5s',
          DeregisterCriticalServiceAfter: '1m',
        },
      },
    ]);
    // Consul keeps a new instance critical until its first check passes.
    expect(fake.status('catalog-api-10.1.2.3-8081')).toBe('critical');

    await registration.deregister();
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/v1/agent/service/deregister/catalog-api-10.1.2.3-8081' });
    expect(fake.deregistrations).toEqual(['catalog-api-10.1.2.3-8081']);
    expect(fake.status('catalog-api-10.1.2.3-8081')).toBeUndefined();
  });

  it('keeps retrying a refused registration in the background until Consul accepts it', async () => {
    fake.failRegistrations = 2;
    const registration = catalog(fake.url, 20);
    await expect(registration.register()).resolves.toBe(false);
    await waitFor(() => registration.isRegistered(), 'the registration to succeed on a retry', 5_000);
    expect(fake.registrations).toHaveLength(3);
    expect(fake.status('catalog-api-10.1.2.3-8081')).toBe('critical');
    await registration.deregister();
  });

  it('stops retrying once deregistered', async () => {
    fake.failRegistrations = 1_000;
    const registration = catalog(fake.url, 10);
    await expect(registration.register()).resolves.toBe(false);
    await waitFor(() => fake.registrations.length >= 2, 'a background retry', 5_000);
    await registration.deregister();
    const attempts = fake.registrations.length;
    await sleep(200); // several retry periods (10, 20, 40, 80 ms…)
    expect(fake.registrations).toHaveLength(attempts);
  });

  it('never throws at deregistration when Consul is gone', async () => {
    const registration = catalog(fake.url);
    await registration.register();
    await fake.close();
    await expect(registration.deregister()).resolves.toBeUndefined();
  });

  it('registers again when Consul forgets the instance, and a resolver routes to it again', async () => {
    const id = 'catalog-api-127.0.0.1-8081';
    const registration = new ConsulRegistration({
      consulUrl: fake.url,
      service: { name: 'catalog-api', port: 8081, address: '127.0.0.1' },
      verifyIntervalMs: 100,
      requestTimeoutMs: 1_000,
    });
    const resolver = new ConsulServiceResolver({ consulUrl: fake.url, waitSeconds: 30, retryMaxMs: 200 });
    try {
      await registration.register();
      fake.setStatus(id, 'passing');
      await expect(resolver.resolve('catalog-api')).resolves.toMatchObject({ url: 'http://127.0.0.1:8081' });

      // Consul drops it (critical past DeregisterCriticalServiceAfter, or a dev agent restart).
      fake.forget();
      await waitFor(async () => (await resolver.instances('catalog-api')).length === 0, 'the resolver to see it gone');

      await waitFor(() => fake.status(id) !== undefined, 'the instance to register again');
      fake.setStatus(id, 'passing'); // its check passes again
      await waitFor(async () => (await resolver.instances('catalog-api')).length === 1, 'the resolver to route to it again');
      expect(fake.registrations.length).toBeGreaterThanOrEqual(2);
    } finally {
      await resolver.close();
      await registration.deregister();
    }
  });
});
