import { Test } from '@nestjs/testing';
import { ConsulRegistration } from '../lib/consul-registration';
import { ConsulServiceResolver } from '../lib/consul-service-resolver';
import { StaticServiceResolver } from '../lib/static-service-resolver';
import { DiscoveryModule, SERVICE_RESOLVER } from './discovery.module';

const service = { name: 'api-gateway', port: 8080 };

describe('DiscoveryModule.forRoot', () => {
  it('static mode: provides the static resolver and registers nothing', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DiscoveryModule.forRoot({
          mode: 'static',
          consulUrl: 'http://127.0.0.1:1',
          service,
          staticUrls: { 'catalog-api': 'http://catalog-api:8081' },
        }),
      ],
    }).compile();
    await moduleRef.init();
    const resolver = moduleRef.get(SERVICE_RESOLVER);
    expect(resolver).toBeInstanceOf(StaticServiceResolver);
    expect((await resolver.resolve('catalog-api')).url).toBe('http://catalog-api:8081');
    expect(() => moduleRef.get(ConsulRegistration, { strict: false })).toThrow();
    await moduleRef.close();
  });

  it('consul mode: provides the Consul resolver and a registration for this app', async () => {
    // (Its lifecycle, register at start and deregister on a signal, runs against a fake
    // Consul in shutdown-deregistration.int-spec.ts; upstream watches in the resolver spec.)
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule.forRoot({ mode: 'consul', consulUrl: 'http://127.0.0.1:1', service })],
    }).compile();
    expect(moduleRef.get(SERVICE_RESOLVER)).toBeInstanceOf(ConsulServiceResolver);
    expect(moduleRef.get(ConsulRegistration, { strict: false }).id).toMatch(/^api-gateway-.+-8080$/);
    await moduleRef.get(SERVICE_RESOLVER).close();
  });
});
