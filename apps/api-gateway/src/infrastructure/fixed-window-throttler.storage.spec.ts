import { FixedWindowThrottlerStorage } from './fixed-window-throttler.storage';

describe('FixedWindowThrottlerStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('counts per key within a window, blocks beyond the limit, and starts over when the window ends', async () => {
    const storage = new FixedWindowThrottlerStorage();
    for (let i = 1; i <= 3; i++) expect(await storage.increment('a', 10_000, 3)).toMatchObject({ totalHits: i, isBlocked: false });
    expect(await storage.increment('a', 10_000, 3)).toEqual({ totalHits: 4, timeToExpire: 10, isBlocked: true, timeToBlockExpire: 10 });
    expect(await storage.increment('b', 10_000, 3)).toMatchObject({ totalHits: 1, isBlocked: false });

    jest.advanceTimersByTime(6_000);
    expect(await storage.increment('a', 10_000, 3)).toMatchObject({ isBlocked: true, timeToBlockExpire: 4 });
    jest.advanceTimersByTime(4_000);
    expect(await storage.increment('a', 10_000, 3)).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
