import { UpstreamTimeoutError, UpstreamUnavailableError } from './resilience.errors';
import { UpstreamPolicy } from './upstream-policy';
import { baseOptions, RecordingLogger } from './upstream-policy.fixture';

describe('UpstreamPolicy timeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fails a slow call with UpstreamTimeoutError at the timeout and aborts its signal', async () => {
    const policy = new UpstreamPolicy('catalog-api', { ...baseOptions, timeoutMs: 200 }, new RecordingLogger());
    let seen: AbortSignal | undefined;
    // Never settles on its own, like an upstream that accepted the connection and hung.
    const slow = jest.fn((signal: AbortSignal) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    });

    let outcome: unknown = 'pending';
    const call = policy.execute(slow, { idempotent: false }).catch((error: unknown) => (outcome = error));

    await jest.advanceTimersByTimeAsync(199);
    expect(outcome).toBe('pending');
    expect(seen?.aborted).toBe(false);

    await jest.advanceTimersByTimeAsync(1);
    await call;
    expect(outcome).toBeInstanceOf(UpstreamTimeoutError);
    expect(outcome).toMatchObject({ upstream: 'catalog-api', code: 'UPSTREAM_TIMEOUT', kind: 'timeout', timeoutMs: 200 });
    expect((outcome as Error).message).toBe('catalog-api did not answer within 200 ms');
    expect(seen?.aborted).toBe(true);
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it('lets a call that answers in time through with its value', async () => {
    const policy = new UpstreamPolicy('catalog-api', { ...baseOptions, timeoutMs: 200 }, new RecordingLogger());
    const call = policy.execute(
      (signal) => new Promise<string>((resolve) => setTimeout(() => resolve(signal.aborted ? 'aborted' : 'in time'), 150)),
      { idempotent: false },
    );
    await jest.advanceTimersByTimeAsync(150);
    await expect(call).resolves.toBe('in time');
  });

  it('wraps a failure in UpstreamUnavailableError that names the upstream and keeps the cause', async () => {
    const policy = new UpstreamPolicy('basket-api', baseOptions, new RecordingLogger());
    const cause = new Error('connect ECONNREFUSED 10.0.0.7:8082');
    const error = await policy.execute(() => Promise.reject(cause), { idempotent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({ upstream: 'basket-api', code: 'UPSTREAM_UNAVAILABLE', kind: 'unavailable', cause });
    // The client-facing message does not leak the internal address.
    expect((error as Error).message).toBe('basket-api is unavailable');
  });
});
