import { backoffDelayMs, maxRelayPublishTimeoutMs, resolveRelayOptions, staleClaimMs } from './outbox-relay.options';

describe('backoffDelayMs', () => {
  const backoff = { initialMs: 1_000, maxMs: 60_000 };

  it('doubles from the initial delay after each failed attempt', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, backoff, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('never exceeds the cap, and jitters within ±25 %', () => {
    expect(backoffDelayMs(30, backoff, () => 0.5)).toBe(60_000);
    expect(backoffDelayMs(1, backoff, () => 0)).toBe(750);
    expect(backoffDelayMs(1, backoff, () => 0.999_999)).toBe(1_250);
  });
});

describe('resolveRelayOptions', () => {
  it('keeps nested defaults when only some nested fields are overridden', () => {
    const options = resolveRelayOptions({ retention: { maxAgeMs: 5 }, backoff: { maxMs: 10 } });
    expect(options.retention).toMatchObject({ enabled: true, maxAgeMs: 5, batchSize: 1_000 });
    expect(options.backoff).toEqual({ initialMs: 1_000, maxMs: 10 });
    expect(options.relayId).toMatch(/:\d+:[0-9a-f]{6}$/);
  });
});

describe('orphan grace', () => {
  it('defaults to 5 s and must be positive', () => {
    expect(resolveRelayOptions().orphanGraceMs).toBe(5_000);
    expect(() => resolveRelayOptions({ orphanGraceMs: 0 })).toThrow(RangeError);
  });

  it('bounds the bus publish timeout: 3/5 of the grace, half the lease, 10 s at most', () => {
    expect(maxRelayPublishTimeoutMs()).toBe(3_000);
    expect(maxRelayPublishTimeoutMs({ orphanGraceMs: 20_000 })).toBe(10_000);
    expect(maxRelayPublishTimeoutMs({ orphanGraceMs: 20_000, leaseMs: 8_000 })).toBe(4_000);
    expect(staleClaimMs({ orphanGraceMs: 5_000 })).toBe(1_000);
  });
});
