/**
 * Brute-force protection as a rule on one counter (an account's email, or a client address):
 * after `maxFailures` failures in a row the key is locked, and each further failure doubles
 * the lock, up to `maxLockoutSeconds`. Failures older than `windowSeconds` are forgotten.
 * Locks slow an attacker down without letting one lock a victim out for long.
 */
export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly lockoutSeconds: number;
  readonly maxLockoutSeconds: number;
  readonly windowSeconds: number;
}

export interface FailureRecord {
  readonly failures: number;
  readonly lastFailureAt: Date;
  readonly lockedUntil: Date | null;
}

/** The counter after one more failure at `now`. */
export function afterFailure(previous: FailureRecord | null, now: Date, policy: ThrottlePolicy): FailureRecord {
  const forgotten =
    previous !== null &&
    now.getTime() - previous.lastFailureAt.getTime() > policy.windowSeconds * 1_000 &&
    lockedForSeconds(previous, now) === 0;
  const failures = (previous === null || forgotten ? 0 : previous.failures) + 1;
  const beyond = failures - policy.maxFailures;
  if (beyond < 0) return { failures, lastFailureAt: now, lockedUntil: null };
  const seconds = Math.min(policy.maxLockoutSeconds, policy.lockoutSeconds * 2 ** Math.min(beyond, 30));
  return { failures, lastFailureAt: now, lockedUntil: new Date(now.getTime() + seconds * 1_000) };
}

/** Seconds until the key may try again (0: not locked). */
export function lockedForSeconds(record: FailureRecord | null, now: Date): number {
  if (!record?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((record.lockedUntil.getTime() - now.getTime()) / 1_000));
}
