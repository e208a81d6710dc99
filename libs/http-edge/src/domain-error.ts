/**
 * Base of every domain error: a stable machine `code` and a message fit for the client.
 * The edge (`HttpErrorFilter`) maps the kind to an HTTP status; handlers never throw
 * HttpException themselves.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: 'invalid' | 'not-found' | 'conflict' | 'unavailable';
}
