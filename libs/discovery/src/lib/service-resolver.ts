/** One running copy of a service, as discovery knows it. */
export interface ServiceInstance {
  /** Unique per instance (the Consul service ID). */
  readonly id: string;
  readonly service: string;
  readonly address: string;
  readonly port: number;
  /** Base URL to call, without a trailing slash: `http://10.0.3.7:8081`. */
  readonly url: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, string>>;
}

/** What a caller can learn about one service's instance list, e.g. for /health/ready. */
export interface DiscoveryStatus {
  readonly source: 'consul' | 'static';
  readonly instances: number;
  /** false while Consul is unreachable: the list served is the last one known. */
  readonly upToDate: boolean;
  readonly lastError?: string;
}

/**
 * Client-side discovery: where to send the next call to `service`. Implementations:
 * `ConsulServiceResolver` (healthy instances from Consul, kept current by blocking queries)
 * and `StaticServiceResolver` (fixed URLs; on Kubernetes, Service DNS names).
 */
export interface ServiceResolver {
  /** The next instance to call, round robin over the healthy ones. */
  resolve(service: string): Promise<ServiceInstance>;
  /** Every instance currently considered healthy. */
  instances(service: string): Promise<readonly ServiceInstance[]>;
  /** One entry per service asked for so far. */
  status(): Readonly<Record<string, DiscoveryStatus>>;
  close(): Promise<void>;
}

/** `http://host:port`, with IPv6 literals bracketed. */
export function instanceUrl(address: string, port: number, protocol = 'http'): string {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `${protocol}://${host}:${port}`;
}
