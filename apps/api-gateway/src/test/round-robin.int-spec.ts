import { waitFor } from '@eshop/testing';
import { FakeConsul } from './fake-consul';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway } from './gateway.fixture';
import { freePort } from '@eshop/testing';

/**
 * Consul mode: the gateway balances across the passing instances round robin, and because
 * the instance is resolved inside the retried function, a read that hits a dead instance
 * is retried on the next one.
 */
describe('gateway routing (consul discovery)', () => {
  const fakes = new FakeUpstreams();
  let consul: FakeConsul;
  let first: FakeUpstream;
  let second: FakeUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    consul = await FakeConsul.start();
    [first, second] = await fakes.start('catalog-1', 'catalog-2');
    consul.setInstances('catalog-api', [
      { id: 'catalog-api-1', port: first.port },
      { id: 'catalog-api-2', port: second.port },
    ]);
    gateway = await TestGateway.start({
      DISCOVERY: 'consul',
      CONSUL_URL: consul.url,
      PORT: String(await freePort()),
      SERVICE_ADDRESS: '127.0.0.1',
      RETRY_MAX_ATTEMPTS: '2',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
    await consul?.close();
  });

  it('spreads calls over the passing instances, round robin', async () => {
    const answeredBy: unknown[] = [];
    for (let i = 0; i < 6; i++) answeredBy.push((await gateway.request('GET', `/api/catalog/items/${i}`)).body['upstream']);
    expect(answeredBy.sort()).toEqual(['catalog-1', 'catalog-1', 'catalog-1', 'catalog-2', 'catalog-2', 'catalog-2']);
    expect(await first.calls()).toHaveLength(3);
    expect(await second.calls()).toHaveLength(3);
  });

  it('follows the list: an instance that leaves gets no more calls', async () => {
    consul.setInstances('catalog-api', [{ id: 'catalog-api-2', port: second.port }]);
    await first.forgetCalls();
    await waitFor(async () => {
      const reply = await gateway.request('GET', '/api/catalog/catalogtypes');
      const again = await gateway.request('GET', '/api/catalog/catalogtypes');
      return reply.body['upstream'] === 'catalog-2' && again.body['upstream'] === 'catalog-2';
    }, 'the gateway to drop catalog-1');
    await first.forgetCalls();
    for (let i = 0; i < 4; i++) await gateway.request('GET', '/api/catalog/catalogbrands');
    expect(await first.calls()).toEqual([]);
  });

  it('retries a read that hit a dead instance on the next instance', async () => {
    consul.setInstances('catalog-api', [
      { id: 'catalog-api-1', port: first.port },
      { id: 'catalog-api-2', port: second.port },
    ]);
    await waitFor(async () => (await gateway.request('GET', '/api/catalog/items/1')).body['upstream'] === 'catalog-1', 'catalog-1 back in rotation');
    await first.kill();
    await second.forgetCalls();

    // Whichever instance each read is sent to first, it ends on the live one.
    for (let i = 0; i < 4; i++) {
      const reply = await gateway.request('GET', `/api/catalog/items/${i}`);
      expect(reply).toMatchObject({ status: 200, body: { upstream: 'catalog-2' } });
    }
    expect(await second.calls()).toHaveLength(4);
  });
});
