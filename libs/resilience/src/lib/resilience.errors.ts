/**
 * Why a call to an upstream did not produce an answer. Each error names the upstream and
 * carries a stable `code`; `kind` is what the edge maps to HTTP: `timeout` → 504 Gateway
 * Timeout, `unavailable` → 503 Service Unavailable. Messages are safe to show a client:
 * the underlying cause (addresses, stack) stays in `cause`, for the logs.
 */
export abstract class UpstreamError extends Error {
  abstract readonly code: 'UPSTREAM_TIMEOUT' | 'CIRCUIT_OPEN' | 'BULKHEAD_REJECTED' | 'UPSTREAM_UNAVAILABLE';
  abstract readonly kind: 'timeout' | 'unavailable';

  protected constructor(
    readonly upstream: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The upstream did not answer within the policy's `timeoutMs` (the call was aborted). */
export class UpstreamTimeoutError extends UpstreamError {
  override readonly name = 'UpstreamTimeoutError';
  readonly code = 'UPSTREAM_TIMEOUT';
  readonly kind = 'timeout';

  constructor(upstream: string, readonly timeoutMs: number) {
    super(upstream, `${upstream} did not answer within ${timeoutMs} ms`);
  }
}

/** The upstream's circuit is open: the call was refused without being attempted. */
export class CircuitOpenError extends UpstreamError {
  override readonly name = 'CircuitOpenError';
  readonly code = 'CIRCUIT_OPEN';
  readonly kind = 'unavailable';

  constructor(upstream: string) {
    super(upstream, `${upstream} is failing; calls are suspended for a while (circuit open)`);
  }
}

/** The upstream's concurrency cap and its queue are both full: refused at once. */
export class BulkheadRejectedError extends UpstreamError {
  override readonly name = 'BulkheadRejectedError';
  readonly code = 'BULKHEAD_REJECTED';
  readonly kind = 'unavailable';

  constructor(
    upstream: string,
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {
    super(upstream, `${upstream} is at capacity (${maxConcurrent} calls running, ${maxQueue} queued)`);
  }
}

/** The call failed (connection refused, reset, a 5xx…) after any retries it was allowed. */
export class UpstreamUnavailableError extends UpstreamError {
  override readonly name = 'UpstreamUnavailableError';
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly kind = 'unavailable';

  constructor(upstream: string, cause: unknown) {
    super(upstream, `${upstream} is unavailable`, { cause });
  }
}
