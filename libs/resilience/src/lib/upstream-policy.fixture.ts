import type { StructuredLogger } from '@eshop/logger';
import type { UpstreamPolicyOptions } from './upstream-policy.options';

/** Test helpers for the policy specs (not exported from the library). */
export class RecordingLogger implements StructuredLogger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string }> = [];
  readonly debugLines: Array<{ fields: Record<string, unknown>; message: string }> = [];

  debug(fields: Record<string, unknown>, message: string): void {
    this.debugLines.push({ fields, message });
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'info', fields, message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'warn', fields, message });
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'error', fields, message });
  }

  states(): unknown[] {
    return this.lines.map((line) => line.fields['state']);
  }
}

export const baseOptions: UpstreamPolicyOptions = {
  timeoutMs: 1_000,
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 5_000 },
  bulkhead: { maxConcurrent: 10, maxQueue: 10 },
  retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
};

/** A promise with its resolve handle, to hold calls open until the test releases them. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets pending promise callbacks run (several hops through the policy chain). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export const failing = (message = 'connect ECONNREFUSED 10.0.0.7:8081') => {
  const fn = jest.fn(async (_signal: AbortSignal): Promise<string> => {
    throw new Error(message);
  });
  return fn;
};

export const succeeding = (value = 'ok') => jest.fn(async (_signal: AbortSignal) => value);
