import { InvalidTokenError } from './auth.errors';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** Extracts the token from an `Authorization: Bearer …` header value. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new InvalidTokenError('TOKEN_MISSING', 'missing bearer token');
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw new InvalidTokenError('TOKEN_MALFORMED', 'malformed bearer token');
  return match[1];
}
