/** AMQP header names this bus reads and writes. */
export const HEADERS = {
  attempt: 'x-attempt',
  traceparent: 'traceparent',
  lastError: 'x-last-error',
  parkedReason: 'x-parked-reason',
  parkedError: 'x-parked-error',
  parkedAt: 'x-parked-at',
  parkedFrom: 'x-parked-from',
} as const;

/** Headers the broker adds on dead-lettering; not ours to send back. */
const BROKER_HEADERS = ['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason', 'x-last-death-exchange', 'x-last-death-queue', 'x-last-death-reason'];

export function withoutBrokerHeaders(
  headers: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...headers };
  for (const name of BROKER_HEADERS) delete copy[name];
  return copy;
}

export function readAttempt(headers: Record<string, unknown> | undefined): number {
  const value = Number(headers?.[HEADERS.attempt] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/** Error text for a header: bounded, so a huge stack never bloats a message. */
export function describeError(error: unknown, max = 2_000): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : typeof error === 'object' && error !== null
        ? JSON.stringify(error)
        : String(error);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
