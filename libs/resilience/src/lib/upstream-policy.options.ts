import { z } from 'zod';

/** Open after this many failures in a row (simple, predictable; good at low traffic). */
export interface ConsecutiveFailuresBreaker {
  readonly consecutiveFailures: number;
  /** Cool-down: how long the circuit stays open before one probe call is let through. */
  readonly halfOpenAfterMs: number;
}

/**
 * Open when more than `failureRatio` of the calls over a sliding window failed, but only
 * once traffic reaches `minimumRps` (a single failed call at 3 a.m. must not open it).
 */
export interface FailureRatioBreaker {
  readonly failureRatio: number;
  readonly samplingDurationMs: number;
  readonly minimumRps: number;
  readonly halfOpenAfterMs: number;
}

export type BreakerOptions = ConsecutiveFailuresBreaker | FailureRatioBreaker;

export interface UpstreamPolicyOptions {
  /** Every attempt is aborted after this long (the function receives the abort signal). */
  readonly timeoutMs: number;
  readonly breaker: BreakerOptions;
  /** At most `maxConcurrent` calls run; `maxQueue` more wait; any further call is refused at once. */
  readonly bulkhead: { readonly maxConcurrent: number; readonly maxQueue: number };
  /**
   * For idempotent calls only: `maxAttempts` counts the first call (3 = one call and two
   * retries). Delays grow exponentially from `initialDelayMs`, with decorrelated jitter,
   * capped at `maxDelayMs` (default 10 × `initialDelayMs`).
   */
  readonly retry: { readonly maxAttempts: number; readonly initialDelayMs: number; readonly maxDelayMs?: number };
  /**
   * Which errors thrown by the function mean "the upstream is failing": they count toward the
   * breaker and are retried. Default: every error. Return false for answers that are the
   * caller's problem (a 404 or 400 mapped to an error) so they pass through untouched.
   */
  readonly isFailure?: (error: unknown) => boolean;
}

/** Sensible starting values for an HTTP upstream inside the same cluster. */
export const defaultUpstreamPolicyOptions: UpstreamPolicyOptions = {
  timeoutMs: 3_000,
  breaker: { failureRatio: 0.5, samplingDurationMs: 10_000, minimumRps: 1, halfOpenAfterMs: 5_000 },
  bulkhead: { maxConcurrent: 50, maxQueue: 20 },
  retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 },
};

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().min(0);

const schema = z.object({
  timeoutMs: positiveInt,
  breaker: z.union([
    z.object({ consecutiveFailures: positiveInt, halfOpenAfterMs: positiveInt }).strict(),
    z
      .object({
        // cockatiel needs a ratio strictly between 0 and 1, and treats minimumRps 0 as "unset".
        failureRatio: z.number().gt(0).lt(1),
        samplingDurationMs: positiveInt,
        minimumRps: z.number().positive(),
        halfOpenAfterMs: positiveInt,
      })
      .strict(),
  ]),
  bulkhead: z.object({ maxConcurrent: positiveInt, maxQueue: nonNegativeInt }).strict(),
  retry: z
    .object({ maxAttempts: positiveInt, initialDelayMs: positiveInt, maxDelayMs: positiveInt.optional() })
    .strict(),
  isFailure: z.function().optional(),
});

/** Throws one line naming the upstream and the bad option: a misconfiguration fails at start. */
export function validateUpstreamPolicyOptions(upstream: string, options: UpstreamPolicyOptions): void {
  const result = schema.safeParse(options);
  if (result.success) return;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
  throw new Error(`resilience options for ${upstream}: ${problems.join('; ')}`);
}

export const isConsecutiveBreaker = (options: BreakerOptions): options is ConsecutiveFailuresBreaker =>
  'consecutiveFailures' in options;
