import type { ServiceResolver } from '@eshop/discovery';
import { MetricsModule, type Histogram, type ServiceMetrics } from '@eshop/observability';
import { UpstreamError, type CircuitStateName, type UpstreamPolicies } from '@eshop/resilience';
import type { ApiGatewayConfig } from '../api-gateway.config';
import { ForwardToUpstreamUseCase } from '../application/forward-to-upstream.use-case';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../application/upstream.port';
import { UpstreamServerError } from '../domain/gateway.errors';
import type { Upstream } from '../domain/upstreams';

/**
 * `eshop_upstream_circuit_state` values. Isolated (opened by hand) refuses calls like open.
 * Alert on `== 2`; `1` is the breaker letting one probe through.
 */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitStateName, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
  isolated: 2,
};

/** Same bounds as the HTTP server histogram: a cached read to a 10 s timeout. */
const UPSTREAM_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's /metrics, on METRICS_PORT (default PORT + 1000), never on the public port:
 * the services' registry and scrape server. On Fastify, MetricsModule times requests in
 * Fastify's onResponse hook: the route as registered (`/api/catalog/*`, `/api/basket/items`)
 * or `unmatched` for a 404, from the first byte (a 401 from the guard or a 429 is timed too).
 */
export function gatewayMetricsModule(config: Pick<ApiGatewayConfig, 'PORT' | 'METRICS_PORT' | 'HOST'>) {
  return MetricsModule.forRoot({ service: 'api-gateway', port: config.METRICS_PORT ?? config.PORT + 1_000, host: config.HOST });
}

/** `eshop_upstream_circuit_state{upstream}`, read from cockatiel's breakers at every scrape. */
export function exportCircuitStates(metrics: ServiceMetrics, policies: UpstreamPolicies<Upstream>): void {
  metrics.labelledGauge(
    'eshop_upstream_circuit_state',
    'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open (or isolated).',
    'upstream',
    () => {
      const states = policies.states();
      return Object.fromEntries(Object.entries<CircuitStateName>(states).map(([upstream, state]) => [upstream, CIRCUIT_STATE_VALUES[state]]));
    },
  );
}

/** `eshop_gateway_sse_streams`: live order status streams (SSE) this instance holds open, read at every scrape. */
export function exportSseStreams(metrics: ServiceMetrics, openStreams: () => number): void {
  metrics.gauge('eshop_gateway_sse_streams', 'Live order status streams (server-sent events) open on this gateway instance.', openStreams);
}

/**
 * What `status` says about a call that gave no answer: the upstream's 5xx, or why nothing
 * came back (`timeout`, `circuit_open`, `bulkhead_rejected`, `unavailable`, `no_instance`).
 */
export function upstreamOutcome(error: unknown): string {
  if (error instanceof UpstreamServerError) return String(error.status);
  if (error instanceof UpstreamError) {
    if (error.cause instanceof UpstreamServerError) return String(error.cause.status);
    return error.code === 'UPSTREAM_TIMEOUT' ? 'timeout' : error.code.replace('UPSTREAM_', '').toLowerCase();
  }
  return error instanceof Error && error.name === 'NoHealthyInstanceError' ? 'no_instance' : 'error';
}

/**
 * The forwarding use case, timed: `eshop_upstream_request_duration_seconds{upstream,method,status}`
 * is the time the gateway waited for an upstream, all attempts and backoffs of a retried
 * read included (the client's wait), `status` the answer's or `upstreamOutcome`'s.
 */
export class TimedForwardToUpstream extends ForwardToUpstreamUseCase {
  private readonly durations: Histogram<'upstream' | 'method' | 'status'>;

  constructor(resolver: ServiceResolver, policies: UpstreamPolicies<Upstream>, client: UpstreamClient, metrics: ServiceMetrics) {
    super(resolver, policies, client);
    this.durations = metrics.histogram(
      'eshop_upstream_request_duration_seconds',
      'Time the gateway waited for an upstream (retries included), by upstream, method and status or failure.',
      UPSTREAM_BUCKETS,
      ['upstream', 'method', 'status'],
    );
  }

  override async execute(upstream: Upstream, request: UpstreamRequest): Promise<UpstreamResponse> {
    const started = process.hrtime.bigint();
    let status = 'error';
    try {
      const response = await super.execute(upstream, request);
      status = String(response.status);
      return response;
    } catch (error) {
      status = upstreamOutcome(error);
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.durations.observe({ upstream, method: request.method, status }, seconds);
    }
  }
}
