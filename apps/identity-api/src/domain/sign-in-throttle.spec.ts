import { afterFailure, lockedForSeconds, type FailureRecord, type ThrottlePolicy } from './sign-in-throttle';

const policy: ThrottlePolicy = { maxFailures: 3, lockoutSeconds: 30, maxLockoutSeconds: 100, windowSeconds: 600 };
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1_000);

function failTimes(count: number, seconds = 0, start: FailureRecord | null = null): FailureRecord | null {
  let record = start;
  for (let i = 0; i < count; i++) record = afterFailure(record, at(seconds), policy);
  return record;
}

describe('sign-in throttle', () => {
  it('does not lock below the failure limit', () => {
    const record = failTimes(2);
    expect(record?.failures).toBe(2);
    expect(lockedForSeconds(record, t0)).toBe(0);
  });

  it('locks at the limit, then doubles the lock per further failure up to the maximum', () => {
    expect(lockedForSeconds(failTimes(3), t0)).toBe(30);
    expect(lockedForSeconds(failTimes(4), t0)).toBe(60);
    expect(lockedForSeconds(failTimes(5), t0)).toBe(100);
    expect(lockedForSeconds(failTimes(40), t0)).toBe(100);
  });

  it('lifts the lock when its time is over', () => {
    const record = failTimes(3);
    expect(lockedForSeconds(record, at(29))).toBe(1);
    expect(lockedForSeconds(record, at(30))).toBe(0);
  });

  it('forgets failures older than the window, but not while locked', () => {
    const old = failTimes(2);
    expect(afterFailure(old, at(601), policy).failures).toBe(1);
    const locked = { ...failTimes(3)!, lockedUntil: at(10_000) };
    expect(afterFailure(locked, at(601), policy).failures).toBe(4);
  });
});
