import {
  BrokenCircuitError,
  bulkhead,
  BulkheadRejectedError as CockatielBulkheadRejectedError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  decorrelatedJitterGenerator,
  ExponentialBackoff,
  handleWhen,
  retry,
  SamplingBreaker,
  wrap,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type FailureReason,
  type IBreaker,
  type IPolicy,
  type RetryPolicy,
} from 'cockatiel';
import {
  BulkheadRejectedError,
  CircuitOpenError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './resilience.errors';
import type { StructuredLogger } from '@eshop/logger';
import { AttemptTimedOutError, withDeadline } from './attempt-deadline';
import {
  isConsecutiveBreaker,
  validateUpstreamPolicyOptions,
  type BreakerOptions,
  type UpstreamPolicyOptions,
} from './upstream-policy.options';

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

export interface UpstreamPolicySnapshot {
  readonly state: CircuitStateName;
  /** Free concurrency slots and free queue places of the bulkhead right now. */
  readonly freeSlots: number;
  readonly freeQueueSlots: number;
}

export interface ExecuteOptions {
  /** GET/HEAD: safe to send twice, so failures are retried. Anything else runs at most once. */
  readonly idempotent: boolean;
}

// cockatiel's error predicates are not used: 3.2.1's `isTaskCancelledError` tests for
// `isBulkheadRejectedError` (a copy-paste slip); plain `instanceof` is right (one copy of the package).
const isTimeout = (error: unknown) => error instanceof AttemptTimedOutError;
const isCircuitOpen = (error: unknown) => error instanceof BrokenCircuitError;
const isBulkheadFull = (error: unknown) => error instanceof CockatielBulkheadRejectedError;

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * Everything a call to one upstream goes through, on cockatiel (ADR 0005). One instance per
 * upstream, shared by all requests: the breaker and the bulkhead only work if shared.
 *
 *   retry (idempotent calls only) → bulkhead → circuit breaker → timeout (ours) → fn
 *
 * Retry is outermost so that each attempt takes a bulkhead slot, asks the breaker and gets a
 * fresh timeout, and so that a slot is not held while backing off. The bulkhead sits outside
 * the breaker so that our own overload (a rejection) never counts as the upstream failing.
 */
export class UpstreamPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly once: IPolicy;
  private readonly retry: RetryPolicy;
  private readonly isFailure: (error: unknown) => boolean;

  constructor(
    readonly upstream: string,
    private readonly options: UpstreamPolicyOptions,
    private readonly logger: StructuredLogger,
  ) {
    validateUpstreamPolicyOptions(upstream, options);
    const userIsFailure = options.isFailure ?? (() => true);
    // A timeout always means the upstream is failing, whatever the caller's predicate says.
    this.isFailure = (error) => isTimeout(error) || userIsFailure(error);

    this.bulkhead = bulkhead(options.bulkhead.maxConcurrent, options.bulkhead.maxQueue);
    this.breaker = circuitBreaker(handleWhen(this.isFailure), {
      halfOpenAfter: options.breaker.halfOpenAfterMs,
      breaker: createBreaker(options.breaker),
    });
    // The innermost step, the timeout, is ours (withDeadline in `execute`): cockatiel's built
    // two AbortControllers and three listeners per call for the same effect.
    this.once = wrap(this.bulkhead, this.breaker);
    this.retry = retry(
      handleWhen((error) => this.isFailure(error) && !isCircuitOpen(error) && !isBulkheadFull(error)),
      {
        maxAttempts: options.retry.maxAttempts - 1, // cockatiel counts retries, we count attempts
        backoff: new ExponentialBackoff({
          initialDelay: options.retry.initialDelayMs,
          maxDelay: options.retry.maxDelayMs ?? options.retry.initialDelayMs * 10,
          generator: decorrelatedJitterGenerator,
        }),
      },
    );
    this.logStateChanges();
  }

  /**
   * Runs `fn` under the policy. `fn` gets an AbortSignal that fires at the timeout: pass it
   * to the HTTP client so a late answer does not keep a socket busy. Throws the typed errors
   * of `resilience.errors.ts`, or `fn`'s own error untouched when `isFailure` says it is not
   * an upstream failure.
   */
  async execute<T>(fn: (signal: AbortSignal) => Promise<T>, options: ExecuteOptions): Promise<T> {
    // No signal is given to cockatiel: nothing above the attempt cancels it but its deadline.
    const attempt = () => this.once.execute(() => withDeadline(fn, this.options.timeoutMs));
    try {
      return await (options.idempotent ? this.retry.execute(attempt) : attempt());
    } catch (error) {
      throw this.translate(error);
    }
  }

  state(): CircuitStateName {
    return STATE_NAMES[this.breaker.state];
  }

  snapshot(): UpstreamPolicySnapshot {
    return {
      state: this.state(),
      freeSlots: this.bulkhead.executionSlots,
      freeQueueSlots: this.bulkhead.queueSlots,
    };
  }

  private translate(error: unknown): unknown {
    if (isTimeout(error)) return new UpstreamTimeoutError(this.upstream, this.options.timeoutMs);
    if (isCircuitOpen(error)) return new CircuitOpenError(this.upstream);
    if (isBulkheadFull(error)) {
      const { maxConcurrent, maxQueue } = this.options.bulkhead;
      return new BulkheadRejectedError(this.upstream, maxConcurrent, maxQueue);
    }
    return this.isFailure(error) ? new UpstreamUnavailableError(this.upstream, error) : error;
  }

  private logStateChanges(): void {
    const fields = { upstream: this.upstream };
    this.breaker.onBreak((reason) =>
      this.logger.warn({ ...fields, state: 'open', reason: describe(reason) }, `circuit to ${this.upstream} opened`),
    );
    this.breaker.onHalfOpen(() =>
      this.logger.info({ ...fields, state: 'half-open' }, `circuit to ${this.upstream} half-open: probing`),
    );
    this.breaker.onReset(() =>
      this.logger.info({ ...fields, state: 'closed' }, `circuit to ${this.upstream} closed`),
    );
    this.retry.onRetry(({ attempt, delay, ...reason }) =>
      this.logger.debug(
        { ...fields, attempt, delayMs: Math.round(delay), reason: describe(reason) },
        `retrying call to ${this.upstream}`,
      ),
    );
  }
}

function createBreaker(options: BreakerOptions): IBreaker {
  if (isConsecutiveBreaker(options)) return new ConsecutiveBreaker(options.consecutiveFailures);
  return new SamplingBreaker({
    threshold: options.failureRatio,
    duration: options.samplingDurationMs,
    minimumRps: options.minimumRps,
  });
}

function describe(reason: FailureReason<unknown> | { isolated: true }): string {
  if ('isolated' in reason) return 'isolated by hand';
  if ('error' in reason) {
    return isTimeout(reason.error) ? 'timeout' : reason.error.message || reason.error.name;
  }
  return 'failed result';
}
