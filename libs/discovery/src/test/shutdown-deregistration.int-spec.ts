import { FakeConsul, startChild, waitFor, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { ConsulServiceResolver } from '../lib/consul-service-resolver';
import { bundleForTest as buildFixture, freePort } from '@eshop/testing';

/**
 * A real process (a small Nest app using DiscoveryModule, built like the apps) registers at
 * start and deregisters when it gets a termination signal, and a resolver sees both.
 */
describe('DiscoveryModule in a running app', () => {
  let fixture: ReturnType<typeof buildFixture>;
  let fake: FakeConsul;
  let child: ChildApp | undefined;
  let resolver: ConsulServiceResolver | undefined;

  beforeAll(() => (fixture = buildFixture('libs/discovery/src/test/registering-app.ts')), 60_000);
  afterAll(() => fixture.remove());
  beforeEach(async () => (fake = await FakeConsul.start()));
  afterEach(async () => {
    await child?.stop('SIGKILL');
    await resolver?.close();
    await fake.close();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('registers at start and deregisters on %s', async (signal) => {
    const port = await freePort();
    child = startChild(fixture.file, { CONSUL_URL: fake.url, PORT: String(port), SERVICE_ADDRESS: '127.0.0.1' });
    const id = `fixture-api-127.0.0.1-${port}`;

    await waitFor(() => fake.registrations.length === 1, 'the app to register', 20_000);
    expect(fake.registrations[0]).toMatchObject({
      ID: id,
      Name: 'fixture-api',
      Address: '127.0.0.1',
      Port: port,
      Tags: ['fixture'],
      Meta: { version: '1.2.3' },
      Check: { HTTP: `http://127.0.0.1:${port}/health/ready`, Interval: '1s', Timeout: '1s', DeregisterCriticalServiceAfter: '10s' },
    });

    // It watches its upstreams from the start (blocking queries on their passing instances).
    await waitFor(
      () => fake.requests.some((r) => r.path === '/v1/health/service/catalog-api' && r.query.get('passing') === 'true'),
      'the app to watch catalog-api',
      5_000,
    );

    // The advertised check URL really reaches the app: Consul would mark it passing.
    await waitForHttpOk(`http://127.0.0.1:${port}/health/ready`);
    await fake.runChecks();
    expect(fake.status(id)).toBe('passing');
    resolver = new ConsulServiceResolver({ consulUrl: fake.url, waitSeconds: 30 });
    expect((await resolver.resolve('fixture-api')).url).toBe(`http://127.0.0.1:${port}`);

    await child.stop(signal);
    expect(child.process.signalCode ?? child.process.exitCode).not.toBeNull();
    expect(fake.deregistrations).toEqual([id]);
    expect(child.output()).not.toMatch(/deregistration failed/);
    await waitFor(async () => (await resolver?.instances('fixture-api'))?.length === 0, 'the resolver to drop it', 5_000);
  });
});
