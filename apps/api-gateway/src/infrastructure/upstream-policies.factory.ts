import { NoHealthyInstanceError } from '@eshop/discovery';
import type { StructuredLogger } from '@eshop/logger';
import { UpstreamPolicies, type UpstreamPolicyOptions } from '@eshop/resilience';
import type { ApiGatewayConfig } from '../api-gateway.config';
import type { Upstream } from '../domain/upstreams';

/**
 * One policy per upstream from the config: the same breaker, bulkhead and retry numbers
 * for each (each upstream has its own breaker and bulkhead), the timeout per upstream.
 */
export function upstreamPolicyOptions(config: ApiGatewayConfig): Record<Upstream, UpstreamPolicyOptions> {
  const options = (timeoutMs: number): UpstreamPolicyOptions => ({
    timeoutMs,
    breaker: {
      failureRatio: config.BREAKER_FAILURE_RATIO,
      samplingDurationMs: config.BREAKER_SAMPLING_MS,
      minimumRps: config.BREAKER_MIN_RPS,
      halfOpenAfterMs: config.BREAKER_HALF_OPEN_AFTER_MS,
    },
    bulkhead: { maxConcurrent: config.BULKHEAD_MAX_CONCURRENT, maxQueue: config.BULKHEAD_MAX_QUEUE },
    retry: {
      maxAttempts: config.RETRY_MAX_ATTEMPTS,
      initialDelayMs: config.RETRY_INITIAL_DELAY_MS,
      maxDelayMs: config.RETRY_INITIAL_DELAY_MS * 10,
    },
    // No instance to call is not a failure of one: nothing to retry, nothing for the breaker
    // to learn; it reaches the client as discovery's own 503 (NO_HEALTHY_INSTANCE).
    isFailure: (error) => !(error instanceof NoHealthyInstanceError),
  });
  return {
    'catalog-api': options(config.CATALOG_TIMEOUT_MS ?? config.UPSTREAM_TIMEOUT_MS),
    'basket-api': options(config.BASKET_TIMEOUT_MS ?? config.UPSTREAM_TIMEOUT_MS),
    'ordering-api': options(config.ORDERING_TIMEOUT_MS ?? config.UPSTREAM_TIMEOUT_MS),
  };
}

export function createUpstreamPolicies(config: ApiGatewayConfig, logger: StructuredLogger): UpstreamPolicies<Upstream> {
  return new UpstreamPolicies(upstreamPolicyOptions(config), logger);
}
