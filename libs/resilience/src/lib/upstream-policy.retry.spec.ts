import { CircuitOpenError, UpstreamUnavailableError } from './resilience.errors';
import { UpstreamPolicy } from './upstream-policy';
import { baseOptions, failing, RecordingLogger } from './upstream-policy.fixture';

// Real timers: backoff delays are 1–5 ms here.
const options = {
  ...baseOptions,
  breaker: { consecutiveFailures: 100, halfOpenAfterMs: 5_000 },
  retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 },
};

describe('UpstreamPolicy retries', () => {
  it('never retries a non-idempotent call: the function runs exactly once', async () => {
    const policy = new UpstreamPolicy('ordering-api', options, new RecordingLogger());
    const fn = failing();
    await expect(policy.execute(fn, { idempotent: false })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries an idempotent call up to maxAttempts in total, then gives up', async () => {
    const policy = new UpstreamPolicy('catalog-api', options, new RecordingLogger());
    const fn = failing();
    const error = await policy.execute(fn, { idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('returns the first successful answer of an idempotent call', async () => {
    const policy = new UpstreamPolicy('catalog-api', options, new RecordingLogger());
    const fn = jest
      .fn(async (_signal: AbortSignal) => 'items')
      .mockRejectedValueOnce(new Error('socket hang up'))
      .mockRejectedValueOnce(new Error('socket hang up'));
    await expect(policy.execute(fn, { idempotent: true })).resolves.toBe('items');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('stops retrying as soon as the circuit opens', async () => {
    const policy = new UpstreamPolicy(
      'catalog-api',
      { ...options, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } },
      new RecordingLogger(),
    );
    const fn = failing();
    await expect(policy.execute(fn, { idempotent: true })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('waits between attempts with jittered delays capped at maxDelayMs', async () => {
    const logger = new RecordingLogger();
    const policy = new UpstreamPolicy(
      'catalog-api',
      { ...options, retry: { maxAttempts: 6, initialDelayMs: 20, maxDelayMs: 40 } },
      logger,
    );
    await expect(policy.execute(failing(), { idempotent: true })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const delays = logger.debugLines.map((line) => line.fields['delayMs'] as number);
    expect(logger.debugLines.map((line) => line.fields['attempt'])).toEqual([1, 2, 3, 4, 5]);
    expect(delays.every((delay) => delay >= 0 && delay <= 40)).toBe(true);
    // Jitter: the waits are drawn at random, so five of them are not all the same length.
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
