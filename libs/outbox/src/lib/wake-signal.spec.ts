import { WakeSignal } from './wake-signal';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('WakeSignal', () => {
  it('wakes one idle worker per wake-up', async () => {
    const signal = new WakeSignal();
    const first = signal.wait(60_000);
    const second = signal.wait(60_000);
    signal.wake();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    signal.wakeAll();
    expect(await settled(second)).toBe(true);
  });

  it('remembers a wake-up that found every worker busy, once', () => {
    const signal = new WakeSignal();
    signal.wake();
    expect(signal.takePending()).toBe(true);
    expect(signal.takePending()).toBe(false);
  });

  it('does not count a wake-up as pending when a worker took it', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    signal.wake();
    await waiting;
    expect(signal.takePending()).toBe(false);
  });

  it('returns after the timeout when nobody wakes it', async () => {
    const signal = new WakeSignal();
    await signal.wait(5);
    signal.wake(); // the timed-out waiter must not swallow this one
    expect(signal.takePending()).toBe(true);
  });
});
