import { UpstreamPolicies } from './upstream-policies';
import { UpstreamPolicy } from './upstream-policy';
import { baseOptions, failing, RecordingLogger } from './upstream-policy.fixture';
import { defaultUpstreamPolicyOptions } from './upstream-policy.options';

describe('UpstreamPolicies', () => {
  it('keeps one policy per upstream and reports each circuit state', async () => {
    const policies = new UpstreamPolicies(
      {
        'catalog-api': { ...baseOptions, breaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 } },
        'basket-api': baseOptions,
      },
      new RecordingLogger(),
    );
    expect(policies.for('catalog-api')).toBe(policies.for('catalog-api'));
    await policies.for('catalog-api').execute(failing(), { idempotent: false }).catch(() => undefined);
    expect(policies.states()).toEqual({ 'catalog-api': 'open', 'basket-api': 'closed' });
    expect(policies.snapshots()['basket-api']).toEqual({ state: 'closed', freeSlots: 10, freeQueueSlots: 10 });
  });

  it('refuses an unknown upstream by name', () => {
    const policies = new UpstreamPolicies<string>({ 'catalog-api': baseOptions }, new RecordingLogger());
    expect(() => policies.for('payment-api')).toThrow('no resilience policy configured for upstream payment-api');
  });

  it('rejects bad options at construction, naming the upstream and the option', () => {
    const logger = new RecordingLogger();
    expect(() => new UpstreamPolicy('catalog-api', { ...baseOptions, timeoutMs: 0 }, logger)).toThrow(
      /^resilience options for catalog-api: timeoutMs: /,
    );
    expect(
      () => new UpstreamPolicy('catalog-api', { ...baseOptions, bulkhead: { maxConcurrent: 2.5, maxQueue: 1 } }, logger),
    ).toThrow(/bulkhead\.maxConcurrent/);
    const ratio = { failureRatio: 1, samplingDurationMs: 10_000, minimumRps: 1, halfOpenAfterMs: 1_000 };
    expect(() => new UpstreamPolicy('catalog-api', { ...baseOptions, breaker: ratio }, logger)).toThrow(/breaker/);
    expect(() => new UpstreamPolicy('catalog-api', defaultUpstreamPolicyOptions, logger)).not.toThrow();
  });
});
