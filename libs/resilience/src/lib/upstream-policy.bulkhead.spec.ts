import { BulkheadRejectedError } from './resilience.errors';
import { UpstreamPolicy } from './upstream-policy';
import { baseOptions, flush, gate, RecordingLogger } from './upstream-policy.fixture';

describe('UpstreamPolicy bulkhead', () => {
  it('runs maxConcurrent calls, queues maxQueue, and rejects the rest of a burst at once', async () => {
    const policy = new UpstreamPolicy(
      'catalog-api',
      { ...baseOptions, bulkhead: { maxConcurrent: 2, maxQueue: 3 } },
      new RecordingLogger(),
    );
    const release = gate();
    let running = 0;
    let maxRunning = 0;
    const held = jest.fn(async (_signal: AbortSignal) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await release.promise;
      running -= 1;
      return 'ok';
    });

    const settled: Array<{ i: number; outcome: unknown }> = [];
    const burst = Array.from({ length: 9 }, (_, i) =>
      policy.execute(held, { idempotent: true }).then(
        (value) => settled.push({ i, outcome: value }),
        (error: unknown) => settled.push({ i, outcome: error }),
      ),
    );
    await flush();

    // Before any call finished: the 4 in excess are already refused, the upstream saw only 2.
    expect(settled).toHaveLength(4);
    for (const { outcome } of settled) {
      expect(outcome).toBeInstanceOf(BulkheadRejectedError);
      expect(outcome).toMatchObject({ upstream: 'catalog-api', code: 'BULKHEAD_REJECTED', kind: 'unavailable' });
    }
    expect(held).toHaveBeenCalledTimes(2);
    expect(policy.snapshot()).toEqual({ state: 'closed', freeSlots: 0, freeQueueSlots: 0 });

    release.open();
    await Promise.all(burst);
    const succeeded = settled.filter(({ outcome }) => outcome === 'ok');
    expect(succeeded).toHaveLength(5);
    expect(held).toHaveBeenCalledTimes(5); // rejected calls were not retried, though idempotent
    expect(maxRunning).toBe(2);
    // Our own overload is not the upstream failing.
    expect(policy.state()).toBe('closed');
    expect(policy.snapshot()).toEqual({ state: 'closed', freeSlots: 2, freeQueueSlots: 3 });
  });
});
