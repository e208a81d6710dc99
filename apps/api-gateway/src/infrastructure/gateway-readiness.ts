import type { DiscoveryStatus, ServiceResolver } from '@eshop/discovery';
import type { UpstreamPolicies } from '@eshop/resilience';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { UPSTREAMS, type Upstream } from '../domain/upstreams';

/**
 * What `/health/ready` reports about the upstreams: each one's circuit and bulkhead and
 * what discovery knows of it. Always `up`: an upstream outage is the upstream's, and the
 * gateway keeps answering (fast 503s, and every other upstream) — taking the gateway out
 * of rotation for it would turn one broken service into a total outage (ADR 0007).
 */
export class GatewayReadiness {
  constructor(
    private readonly resolver: ServiceResolver,
    private readonly policies: UpstreamPolicies<Upstream>,
    private readonly discoveryMode: 'static' | 'consul',
  ) {}

  check(): HealthIndicatorResult {
    const snapshots = this.policies.snapshots();
    const discovery = this.resolver.status();
    const upstreams = Object.fromEntries(
      UPSTREAMS.map((upstream) => [
        upstream,
        {
          circuit: snapshots[upstream].state,
          bulkhead: { freeSlots: snapshots[upstream].freeSlots, freeQueueSlots: snapshots[upstream].freeQueueSlots },
          discovery: discovery[upstream] ?? this.notAskedYet(),
        },
      ]),
    );
    return { upstreams: { status: 'up', ...upstreams } };
  }

  private notAskedYet(): DiscoveryStatus {
    return { source: this.discoveryMode, instances: 0, upToDate: false };
  }
}
