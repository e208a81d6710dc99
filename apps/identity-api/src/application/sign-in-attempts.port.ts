import type { FailureRecord } from '../domain/sign-in-throttle';

/**
 * Failure counters per key (`account:<email>`, `address:<ip>`), shared by every instance.
 * `recordFailure` applies `next` atomically: concurrent failures never overwrite each other.
 */
export interface SignInAttempts {
  find(keys: readonly string[]): Promise<ReadonlyArray<FailureRecord | null>>;
  recordFailure(key: string, next: (previous: FailureRecord | null) => FailureRecord): Promise<void>;
  clear(key: string): Promise<void>;
}

export const SIGN_IN_ATTEMPTS = Symbol('SIGN_IN_ATTEMPTS');
