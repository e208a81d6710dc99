import { FakeConsul, waitFor } from '@eshop/testing';
import { send, type Exchange } from '../support/http';
import { TestSystem } from '../support/system';

/** catalog-api checks this often that Consul still lists it (CONSUL_VERIFY_INTERVAL_MS). */
const VERIFY_MS = 1_000;
/**
 * Generous for a loaded machine, yet half the default interval (30 s): an interval not taken
 * from the env fails it, and without anti-entropy the instance never comes back.
 */
const REAPPEAR_LIMIT_MS = 15_000;

/**
 * Issue 13 §3 at system level: catalog-api and the gateway in DISCOVERY=consul against the
 * Consul double (libs/testing FakeConsul). The double forgets catalog (as Consul does after
 * DeregisterCriticalServiceAfter), then everything (a dev-mode agent restart): the gateway
 * answers 503 NO_HEALTHY_INSTANCE, catalog registers again within its verify interval, and
 * once the agent's check passes the gateway routes to it again. The double runs its HTTP
 * checks when the test polls, as a real agent does every check interval.
 */
describe('consul re-registration (catalog-api + api-gateway, DISCOVERY=consul, Consul double)', () => {
  let consul: FakeConsul;
  let system: TestSystem;

  beforeAll(async () => {
    consul = await FakeConsul.start();
    const discovery = {
      DISCOVERY: 'consul',
      CONSUL_URL: consul.url,
      SERVICE_ADDRESS: '127.0.0.1',
      CONSUL_VERIFY_INTERVAL_MS: String(VERIFY_MS),
    };
    system = await TestSystem.start(['catalog-api', 'api-gateway'], {
      env: { 'catalog-api': discovery, 'api-gateway': discovery },
    });
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
    await consul?.close();
  }, 120_000);

  const throughGateway = (): Promise<Exchange<{ code?: string }>> =>
    send<{ code?: string }>(system.url('api-gateway'), 'GET', '/api/catalog/catalogtypes');
  const catalogIds = () => new Set(consul.registrations.filter((r) => r.Name === 'catalog-api').map((r) => r.ID));

  /** Runs the agent's checks until the gateway answers from catalog; returns when. */
  const untilRouted = (what: string) =>
    waitFor(
      async () => {
        await consul.runChecks();
        return (await throughGateway()).status === 200;
      },
      what,
      REAPPEAR_LIMIT_MS * 2,
      100,
    ).then(() => Date.now());

  /** Forgets `id` (or everything), sees the gateway refuse, then catalog come back and be routed to. */
  async function forgetAndRecover(id: string | undefined): Promise<{ reappearedMs: number; routedMs: number }> {
    consul.forget(id);
    const forgottenAt = Date.now();
    // Re-registered instances start critical and the double runs no check until asked: the gateway must refuse.
    const refused = await waitFor(
      async () => {
        const reply = await throughGateway();
        return reply.status === 503 ? reply : undefined;
      },
      'the gateway to see catalog gone',
      REAPPEAR_LIMIT_MS,
      50,
    );
    expect(refused.body).toMatchObject({ statusCode: 503, code: 'NO_HEALTHY_INSTANCE', upstream: 'catalog-api' });
    const catalogId = [...catalogIds()][0] ?? '';
    await waitFor(() => consul.status(catalogId) !== undefined, 'catalog-api to register again', REAPPEAR_LIMIT_MS, 20);
    const reappearedMs = Date.now() - forgottenAt;
    const routedMs = (await untilRouted('the gateway to route to catalog again')) - forgottenAt;
    return { reappearedMs, routedMs };
  }

  it('catalog registers again after Consul forgot it, and the gateway routes to it again', async () => {
    await untilRouted('the gateway to route to catalog at first');
    const [catalogId, ...others] = [...catalogIds()];
    expect(others).toEqual([]);
    expect(consul.status(catalogId ?? '')).toBe('passing');
    const registrationsBefore = consul.registrations.length;

    const deregistered = await forgetAndRecover(catalogId);
    console.log(
      `consul-reregistration: forgot=catalog-api reappearedAfter=${(deregistered.reappearedMs / 1_000).toFixed(1)}s ` +
        `routedAgainAfter=${(deregistered.routedMs / 1_000).toFixed(1)}s (verify interval ${VERIFY_MS / 1_000}s)`,
    );

    const restarted = await forgetAndRecover(undefined);
    const gatewayBack = consul.registrations.some((r) => r.Name === 'api-gateway' && consul.status(r.ID) !== undefined);
    console.log(
      `consul-reregistration: forgot=everything (agent restart) reappearedAfter=${(restarted.reappearedMs / 1_000).toFixed(1)}s ` +
        `routedAgainAfter=${(restarted.routedMs / 1_000).toFixed(1)}s gatewayRegisteredAgain=${gatewayBack}`,
    );
    // The same instance id every time: Consul sees one instance come back, not a new one.
    expect([...catalogIds()]).toEqual([catalogId]);
    expect(consul.registrations.length).toBeGreaterThan(registrationsBefore + 1);
    await waitFor(
      () => consul.registrations.some((r) => r.Name === 'api-gateway' && consul.status(r.ID) !== undefined),
      'the gateway to register again too',
      REAPPEAR_LIMIT_MS,
    );
  }, 300_000);
});
