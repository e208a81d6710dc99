import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_RESOLVER, type ServiceResolver } from '@eshop/discovery';
import { NestStructuredLogger, ServiceMetrics } from '@eshop/observability';
import type { UpstreamPolicies } from '@eshop/resilience';
import type { ApiGatewayConfig } from '../api-gateway.config';
import { ForwardToUpstreamUseCase } from '../application/forward-to-upstream.use-case';
import { UPSTREAM_CLIENT, type UpstreamClient } from '../application/upstream.port';
import type { Upstream } from '../domain/upstreams';
import { exportCircuitStates, TimedForwardToUpstream } from './gateway-metrics';
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
 * The calls to the upstreams: one undici pool per origin (bound to the UPSTREAM_CLIENT
 * port), one resilience policy per upstream (shared by every request: a breaker or a
 * bulkhead only works if shared) and the use case that combines them with discovery.
 */
@Module({})
export class UpstreamsModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: UpstreamsModule,
      providers: [
        // Below Node's server default (5 s): an idle socket is never reused just as the upstream closes it.
        { provide: UpstreamHttpClient, useFactory: () => new UpstreamHttpClient({ keepAliveTimeoutMs: 4_000 }) },
        { provide: UPSTREAM_CLIENT, useExisting: UpstreamHttpClient },
        { provide: UPSTREAM_POLICIES, useFactory: () => createUpstreamPolicies(config, new NestStructuredLogger('Resilience')) },
        // Timed (eshop_upstream_request_duration_seconds), and the breakers' states exported.
        {
          provide: ForwardToUpstreamUseCase,
          inject: [SERVICE_RESOLVER, UPSTREAM_POLICIES, UPSTREAM_CLIENT, ServiceMetrics],
          useFactory: (resolver: ServiceResolver, policies: UpstreamPolicies<Upstream>, client: UpstreamClient, metrics: ServiceMetrics) => {
            exportCircuitStates(metrics, policies);
            return new TimedForwardToUpstream(resolver, policies, client, metrics);
          },
        },
        HttpClientLifecycle,
      ],
      exports: [ForwardToUpstreamUseCase],
    };
  }
}
