/** One call to an upstream, as the gateway sends it. */
export interface UpstreamRequest {
  readonly method: string;
  /** Path and query string, as the client sent them: `/api/catalog/items?pageSize=3`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** An upstream's answer, read whole (the gateway relays it or reads it in an aggregation). */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * Port: HTTP to one upstream instance. The use cases pick the instance (discovery) and wrap
 * the call in the upstream's policy; the adapter only sends, and stops when `signal` fires.
 */
export interface UpstreamClient {
  /** `baseUrl` is the instance's URL from discovery, possibly with a path prefix. */
  send(baseUrl: string, request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse>;
}

export const UPSTREAM_CLIENT = Symbol('UPSTREAM_CLIENT');
