import { loadConfig } from '@eshop/config';
import { NoHealthyInstanceError } from '@eshop/discovery';
import { UpstreamPolicies } from '@eshop/resilience';
import { apiGatewayConfigSchema } from '../api-gateway.config';
import { upstreamPolicyOptions } from './upstream-policies.factory';

const config = (env: Record<string, string> = {}) => loadConfig(apiGatewayConfigSchema, env);
import { silentLogger as silent } from '@eshop/logger';

describe('upstream policy options from the config', () => {
  it('gives every upstream the shared numbers and its own timeout when one is set', () => {
    const options = upstreamPolicyOptions(config({ UPSTREAM_TIMEOUT_MS: '1500', ORDERING_TIMEOUT_MS: '4000', BULKHEAD_MAX_CONCURRENT: '7' }));
    expect(options['catalog-api']).toMatchObject({ timeoutMs: 1_500, bulkhead: { maxConcurrent: 7, maxQueue: 50 } });
    expect(options['basket-api'].timeoutMs).toBe(1_500);
    expect(options['ordering-api'].timeoutMs).toBe(4_000);
    expect(options['catalog-api'].breaker).toEqual({ failureRatio: 0.5, samplingDurationMs: 10_000, minimumRps: 1, halfOpenAfterMs: 5_000 });
    expect(options['catalog-api'].retry).toEqual({ maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 500 });
    // Valid for the resilience library (it validates at construction).
    expect(() => new UpstreamPolicies(options, silent)).not.toThrow();
  });

  it('does not count "no instance to call" as the upstream failing', () => {
    const { isFailure } = upstreamPolicyOptions(config())['catalog-api'];
    expect(isFailure?.(new NoHealthyInstanceError('catalog-api', 'none passing'))).toBe(false);
    expect(isFailure?.(new Error('connect ECONNREFUSED'))).toBe(true);
  });

  it('a missing instance reaches the caller as discovery\'s own error, not retried', async () => {
    const policies = new UpstreamPolicies(upstreamPolicyOptions(config({ RETRY_MAX_ATTEMPTS: '3' })), silent);
    const fn = jest.fn(async () => {
      throw new NoHealthyInstanceError('catalog-api', 'none passing');
    });
    await expect(policies.for('catalog-api').execute(fn, { idempotent: true })).rejects.toMatchObject({ code: 'NO_HEALTHY_INSTANCE' });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
