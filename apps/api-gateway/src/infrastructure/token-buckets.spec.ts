import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  // 3 at once, then one more every second.
  const limit = { capacity: 3, refillPerMs: 1 / 1_000 };

  it('lets a burst of `capacity` through, refuses the rest, and says when a token is back', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets(() => now);
    const burst = Array.from({ length: 5 }, () => buckets.take('a', limit));
    expect(burst.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(burst[3]?.retryAfterMs).toBe(1_000);
    expect(buckets.take('b', limit).allowed).toBe(true);

    now += 1_000;
    expect(buckets.take('a', limit).allowed).toBe(true);
    expect(buckets.take('a', limit).allowed).toBe(false);
  });

  it('never lets more than capacity + refill through over a span, wherever the span starts', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    let allowed = 0;
    // One call every 100 ms for 10 s: 3 at first, then 1 per second.
    for (; now < 10_000; now += 100) if (buckets.take('a', limit).allowed) allowed += 1;
    expect(allowed).toBe(3 + 9);
  });

  it('forgets buckets that have refilled', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    buckets.take('a', limit);
    buckets.take('b', limit);
    buckets.take('b', limit);
    now += 1_000;
    buckets.sweep();
    expect(buckets.size).toBe(1);
    now += 1_000;
    buckets.sweep();
    expect(buckets.size).toBe(0);
  });
});
