import { NoHealthyInstanceError } from './discovery.errors';
import type { DiscoveryStatus, ServiceInstance, ServiceResolver } from './service-resolver';

/**
 * Fixed URLs per service (`DISCOVERY=static`). Locally they point at localhost ports; on
 * Kubernetes at Service DNS names (`http://catalog-api:8081`), where the platform already
 * keeps only ready pods behind the name and spreads connections, so one URL is enough.
 */
export class StaticServiceResolver implements ServiceResolver {
  private readonly byService: ReadonlyMap<string, ServiceInstance>;
  private readonly asked = new Set<string>();

  constructor(urls: Readonly<Record<string, string>>) {
    this.byService = new Map(Object.entries(urls).map(([service, url]) => [service, toInstance(service, url)]));
  }

  async resolve(service: string): Promise<ServiceInstance> {
    this.asked.add(service);
    const instance = this.byService.get(service);
    if (!instance) throw new NoHealthyInstanceError(service, 'no URL configured for it');
    return instance;
  }

  async instances(service: string): Promise<readonly ServiceInstance[]> {
    this.asked.add(service);
    const instance = this.byService.get(service);
    return instance ? [instance] : [];
  }

  status(): Readonly<Record<string, DiscoveryStatus>> {
    return Object.fromEntries(
      [...this.asked].map((service) => [
        service,
        { source: 'static', instances: this.byService.has(service) ? 1 : 0, upToDate: true },
      ]),
    );
  }

  async close(): Promise<void> {
    // Nothing to release: no connections, no timers.
  }
}

function toInstance(service: string, raw: string): ServiceInstance {
  const url = new URL(raw);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    id: `static:${service}`,
    service,
    address: url.hostname,
    port,
    url: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`,
    tags: [],
    meta: {},
  };
}
