import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_RESOLVER, type ServiceResolver } from '@eshop/discovery';
import type { UpstreamPolicies } from '@eshop/resilience';
import type { ApiGatewayConfig } from '../api-gateway.config';
import { UpstreamProxy } from '../application/upstream-proxy';
import { UPSTREAMS, type Upstream } from '../domain/upstreams';
import { GatewayReadiness } from './gateway-readiness';
import { NestStructuredLogger } from '@eshop/observability';
import { createUpstreamPolicies } from './upstream-policies.factory';
import { UpstreamHttpClient } from './upstream-http-client';

const UPSTREAM_POLICIES = Symbol('UPSTREAM_POLICIES');

class HttpClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(UpstreamHttpClient) private readonly client: UpstreamHttpClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * The calls to the upstreams: one undici pool per origin, one resilience policy per
 * upstream (shared by every request: a breaker or a bulkhead only works if shared), the
 * proxy that combines them with discovery, and the readiness report. Global, so that the
 * health module can report on them.
 */
@Module({})
export class UpstreamsModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: UpstreamsModule,
      global: true,
      providers: [
        // Below Node's server default (5 s): an idle socket is never reused just as the upstream closes it.
        { provide: UpstreamHttpClient, useFactory: () => new UpstreamHttpClient({ keepAliveTimeoutMs: 4_000 }) },
        { provide: UPSTREAM_POLICIES, useFactory: () => createUpstreamPolicies(config, new NestStructuredLogger('Resilience')) },
        {
          provide: UpstreamProxy,
          inject: [SERVICE_RESOLVER, UPSTREAM_POLICIES, UpstreamHttpClient],
          useFactory: (resolver: ServiceResolver, policies: UpstreamPolicies<Upstream>, client: UpstreamHttpClient) =>
            new UpstreamProxy(resolver, policies, client),
        },
        {
          provide: GatewayReadiness,
          inject: [SERVICE_RESOLVER, UPSTREAM_POLICIES],
          useFactory: (resolver: ServiceResolver, policies: UpstreamPolicies<Upstream>) => {
            // Ask once for every upstream, so that readiness lists them before the first call.
            void Promise.all(UPSTREAMS.map((upstream) => resolver.instances(upstream))).catch(() => undefined);
            return new GatewayReadiness(resolver, policies, config.DISCOVERY);
          },
        },
        HttpClientLifecycle,
      ],
      exports: [UpstreamProxy, GatewayReadiness],
    };
  }
}
