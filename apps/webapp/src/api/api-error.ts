/** What went wrong with a call, in terms a page can act on. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer (offline, connection refused). */
    readonly status: number,
    message: string,
    /** The body's stable `code`, e.g. CIRCUIT_OPEN. */
    readonly code?: string,
    /** A 400's problems by field: `{ zipCode: 'Too big…' }` from "zipCode: Too big…; city: …". */
    readonly fieldErrors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get circuitOpen(): boolean {
    return this.code === 'CIRCUIT_OPEN';
  }

  /** The gateway has no (valid) session for this browser: the buyer must sign in. */
  get signInRequired(): boolean {
    return this.status === 401;
  }
}

/**
 * The services name each offending field in a 400's message, one problem per `; `-separated
 * part: `street: Too small: expected string to have >=1 characters; cardNumber: Invalid string`.
 * Parts that name no field stay out (the caller shows the whole message instead).
 */
export function parseFieldErrors(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z][\w.]*): (.+)$/s.exec(part.trim());
    if (!match) continue;
    const [, field = '', problem = ''] = match;
    errors[field] ??= problem;
  }
  return errors;
}

/** A sentence for a page that could not load `what` (e.g. "catalog"). */
export function describeLoadFailure(error: unknown, what: string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'The shop cannot be reached. Check your connection and try again.';
    if (error.circuitOpen) {
      return `The ${what} is unavailable right now. Try again in a moment. (the gateway stopped calling a failing service for a few seconds)`;
    }
    if (error.status >= 500) return `The ${what} is unavailable right now. Try again in a moment.`;
    if (error.status === 404) return `Not found: ${error.message}`;
    return error.message;
  }
  return `Something went wrong while loading the ${what}.`;
}
