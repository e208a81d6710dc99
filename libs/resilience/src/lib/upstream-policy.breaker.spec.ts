import { CircuitOpenError, UpstreamTimeoutError, UpstreamUnavailableError } from './resilience.errors';
import { UpstreamPolicy } from './upstream-policy';
import { baseOptions, failing, RecordingLogger, succeeding } from './upstream-policy.fixture';

const options = { ...baseOptions, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 5_000 } };

describe('UpstreamPolicy circuit breaker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function openCircuit(policy: UpstreamPolicy): Promise<jest.Mock> {
    const fn = failing();
    for (let i = 0; i < 3; i++) {
      await expect(policy.execute(fn, { idempotent: false })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    }
    return fn;
  }

  it('opens after N consecutive failures, then fails fast without calling the upstream', async () => {
    const logger = new RecordingLogger();
    const policy = new UpstreamPolicy('ordering-api', options, logger);
    const fn = await openCircuit(policy);
    expect(policy.state()).toBe('open');

    const error = await policy.execute(fn, { idempotent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ upstream: 'ordering-api', code: 'CIRCUIT_OPEN', kind: 'unavailable' });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ upstream: 'ordering-api', state: 'open' }) }),
    ]);
  });

  it('stays closed while failures are interleaved with successes', async () => {
    const policy = new UpstreamPolicy('ordering-api', options, new RecordingLogger());
    for (let i = 0; i < 5; i++) {
      await expect(policy.execute(failing(), { idempotent: false })).rejects.toThrow();
      await policy.execute(succeeding(), { idempotent: false });
    }
    expect(policy.state()).toBe('closed');
  });

  it('after the cool-down lets one probe through, and a success closes the circuit', async () => {
    const logger = new RecordingLogger();
    const policy = new UpstreamPolicy('ordering-api', options, logger);
    await openCircuit(policy);

    await jest.advanceTimersByTimeAsync(4_999);
    const tooEarly = succeeding();
    await expect(policy.execute(tooEarly, { idempotent: false })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(tooEarly).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(1);
    const probe = succeeding('probe ok');
    await expect(policy.execute(probe, { idempotent: false })).resolves.toBe('probe ok');
    expect(probe).toHaveBeenCalledTimes(1);
    expect(policy.state()).toBe('closed');
    expect(logger.states()).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the probe fails', async () => {
    const policy = new UpstreamPolicy('ordering-api', options, new RecordingLogger());
    await openCircuit(policy);
    await jest.advanceTimersByTimeAsync(5_000);
    await expect(policy.execute(failing(), { idempotent: false })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(policy.state()).toBe('open');
    const next = succeeding();
    await expect(policy.execute(next, { idempotent: false })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(next).not.toHaveBeenCalled();
  });

  it('counts timeouts as failures', async () => {
    const policy = new UpstreamPolicy('ordering-api', { ...options, timeoutMs: 100 }, new RecordingLogger());
    for (let i = 0; i < 3; i++) {
      const call = policy.execute(() => new Promise<never>(() => undefined), { idempotent: false }).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(100);
      expect(await call).toBeInstanceOf(UpstreamTimeoutError);
    }
    expect(policy.state()).toBe('open');
  });

  it('passes errors that are not upstream failures through untouched, without counting them', async () => {
    class NotFound extends Error {}
    const policy = new UpstreamPolicy(
      'ordering-api',
      { ...options, isFailure: (error) => !(error instanceof NotFound) },
      new RecordingLogger(),
    );
    for (let i = 0; i < 5; i++) {
      await expect(policy.execute(() => Promise.reject(new NotFound('order 7')), { idempotent: true })).rejects.toBeInstanceOf(
        NotFound,
      );
    }
    expect(policy.state()).toBe('closed');
  });

  it('opens when more than failureRatio of the calls fail, once traffic reaches minimumRps', async () => {
    const ratio = { failureRatio: 0.5, samplingDurationMs: 1_000, minimumRps: 5, halfOpenAfterMs: 5_000 };
    const policy = new UpstreamPolicy('ordering-api', { ...baseOptions, breaker: ratio }, new RecordingLogger());
    // Below 5 calls per second nothing opens it, even at 50 % failures.
    for (const outcome of ['ok', 'fail', 'ok', 'fail']) {
      const fn = outcome === 'ok' ? succeeding() : failing();
      await policy.execute(fn, { idempotent: false }).catch(() => undefined);
      await jest.advanceTimersByTimeAsync(50);
    }
    expect(policy.state()).toBe('closed');
    // The 5th call in the same second fails: 3 of 5 (60 %) at 5 rps.
    await expect(policy.execute(failing(), { idempotent: false })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(policy.state()).toBe('open');
  });
});
