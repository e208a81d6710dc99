import type Consul from 'consul';
import { createConsulClient } from './consul-client';
import { silentLogger, type StructuredLogger } from '@eshop/logger';
import { NoHealthyInstanceError } from './discovery.errors';
import { ConsulServiceWatch, type ServiceWatchOptions } from './consul-service-watch';
import type { DiscoveryStatus, ServiceInstance, ServiceResolver } from './service-resolver';

export interface ConsulServiceResolverOptions extends Partial<ServiceWatchOptions> {
  readonly consulUrl: string;
  /** How long the first call for a service waits for Consul's first answer. */
  readonly firstAnswerTimeoutMs?: number;
  readonly logger?: StructuredLogger;
}

/**
 * Client-side discovery through Consul (`DISCOVERY=consul`). The first call for a service
 * starts a watch on its passing instances; from then on calls are answered from memory
 * (no Consul round trip per request) and the list follows Consul within one blocking query.
 */
export class ConsulServiceResolver implements ServiceResolver {
  private readonly consul: Consul;
  private readonly watches = new Map<string, ConsulServiceWatch>();
  private readonly watchOptions: ServiceWatchOptions;
  private readonly firstAnswerTimeoutMs: number;
  private readonly logger: StructuredLogger;

  constructor(options: ConsulServiceResolverOptions) {
    this.watchOptions = { waitSeconds: options.waitSeconds ?? 30, retryMaxMs: options.retryMaxMs ?? 5_000 };
    this.firstAnswerTimeoutMs = options.firstAnswerTimeoutMs ?? 2_000;
    this.logger = options.logger ?? silentLogger;
    this.consul = createConsulClient(options.consulUrl, 5_000);
  }

  /** Starts watching `services` now, so the first requests do not wait for Consul. */
  watch(...services: string[]): void {
    for (const service of services) this.watchOf(service);
  }

  async resolve(service: string): Promise<ServiceInstance> {
    const watch = this.watchOf(service);
    await watch.instances(this.firstAnswerTimeoutMs);
    const instance = watch.next();
    if (instance) return instance;
    throw new NoHealthyInstanceError(service, this.whyNone(watch));
  }

  instances(service: string): Promise<readonly ServiceInstance[]> {
    return this.watchOf(service).instances(this.firstAnswerTimeoutMs);
  }

  status(): Readonly<Record<string, DiscoveryStatus>> {
    return Object.fromEntries([...this.watches].map(([service, watch]) => [service, watch.status()]));
  }

  async close(): Promise<void> {
    for (const watch of this.watches.values()) watch.close();
    this.watches.clear();
    this.consul.destroy();
  }

  private whyNone(watch: ConsulServiceWatch): string {
    if (watch.hasAnswered()) return 'none registered and passing in consul';
    return watch.status().lastError ? 'consul unreachable and no instance known yet' : 'consul has not answered yet';
  }

  private watchOf(service: string): ConsulServiceWatch {
    let watch = this.watches.get(service);
    if (!watch) {
      watch = new ConsulServiceWatch(this.consul, service, this.watchOptions, this.logger);
      this.watches.set(service, watch);
    }
    return watch;
  }
}
