/** The services the gateway calls, by their discovery (Consul) names. */
export const UPSTREAMS = ['catalog-api', 'basket-api', 'ordering-api'] as const;

export type Upstream = (typeof UPSTREAMS)[number];

/**
 * Reads may be sent twice (and are retried); anything else runs at most once, so that a
 * retried checkout or order command can never be applied twice.
 */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}
