/** How an error maps to HTTP at the edge; libraries without Nest use the same words. */
export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'unavailable' | 'timeout';

/**
 * Base of every domain error: a stable machine `code` and a message fit for the client.
 * The edge (`HttpErrorFilter`) maps the kind to an HTTP status; handlers never throw
 * HttpException themselves.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
}

/**
 * Errors from plain-TypeScript libraries (resilience, discovery) carry `code` and `kind`
 * without extending DomainError; the edge treats them alike.
 */
export function isKindedError(error: unknown): error is Error & { code: string; kind: ErrorKind } {
  if (!(error instanceof Error)) return false;
  const { code, kind } = error as Error & { code?: unknown; kind?: unknown };
  return (
    typeof code === 'string' &&
    (kind === 'invalid' || kind === 'not-found' || kind === 'conflict' || kind === 'unavailable' || kind === 'timeout')
  );
}
