import type { ServiceResolver } from '@eshop/discovery';
import type { UpstreamPolicies } from '@eshop/resilience';
import { UpstreamServerError } from '../domain/gateway.errors';
import { isIdempotent, type Upstream } from '../domain/upstreams';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './upstream.port';

/**
 * Every call to an upstream goes through here: discovery, then the upstream's resilience
 * policy (retry for reads → bulkhead → circuit breaker → timeout), then the HTTP client.
 */
export class ForwardToUpstreamUseCase {
  constructor(
    private readonly resolver: ServiceResolver,
    private readonly policies: UpstreamPolicies<Upstream>,
    private readonly client: UpstreamClient,
  ) {}

  /**
   * Any answer below 500 is returned as is (a 404 or 400 is the caller's business and says
   * nothing about the upstream's health), and so is a 503 the service chose to give (see
   * `isDeliberateUnavailable`). Any other 5xx, a refused connection or a timeout counts as the
   * upstream failing and becomes a typed error (503/504 naming the upstream).
   */
  execute(upstream: Upstream, request: UpstreamRequest): Promise<UpstreamResponse> {
    return this.policies.for(upstream).execute(
      async (signal) => {
        // Resolved per attempt, inside the policy: a retry goes to the next instance.
        const instance = await this.resolver.resolve(upstream);
        const response = await this.client.send(instance.url, request, signal);
        if (response.status >= 500 && !isDeliberateUnavailable(response)) throw new UpstreamServerError(upstream, response.status);
        return response;
      },
      { idempotent: isIdempotent(request.method) },
    );
  }
}

/**
 * A 503 in the services' error shape (`{statusCode: 503, message}`) is a live service saying
 * what it lacks — basket's "checkout not accepted: the event bus is unavailable", catalog's
 * database being down. The client gets that message, and the upstream's breaker does not
 * count it: opening the circuit would also refuse the routes that still work (basket reads
 * during a broker outage, architecture.md "Every app serves GET /health/ready").
 */
export function isDeliberateUnavailable(response: UpstreamResponse): boolean {
  if (response.status !== 503) return false;
  try {
    const body = JSON.parse(response.body.toString('utf8')) as { statusCode?: unknown; message?: unknown };
    return body.statusCode === 503 && typeof body.message === 'string';
  } catch {
    return false;
  }
}
