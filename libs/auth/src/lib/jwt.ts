import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './auth.errors';
import type { Buyer } from './buyer';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** Extracts the token from an `Authorization: Bearer …` header value. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new InvalidTokenError('TOKEN_MISSING', 'missing bearer token');
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw new InvalidTokenError('TOKEN_MALFORMED', 'malformed bearer token');
  return match[1];
}

/**
 * Validates an HS256 token signed with `secret` and returns the buyer it names. Only HS256
 * is accepted (no `none`, no algorithm confusion); `sub` is required.
 */
export function verifyToken(token: string, secret: string): Buyer {
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) {
      throw new InvalidTokenError('TOKEN_EXPIRED', 'token expired');
    }
    throw new InvalidTokenError('TOKEN_INVALID', 'invalid token');
  }
  if (typeof claims === 'string' || typeof claims.sub !== 'string' || claims.sub === '') {
    throw new InvalidTokenError('TOKEN_INVALID', 'token has no subject');
  }
  const name = typeof claims['name'] === 'string' ? claims['name'] : claims.sub;
  return { id: claims.sub, name };
}

/** Signs a token for a buyer (dev tokens, tests, the `npm run token` script). */
export function signToken(
  buyer: Buyer,
  secret: string,
  options: { readonly expiresInSeconds?: number } = {},
): string {
  return jwt.sign({ name: buyer.name }, secret, {
    algorithm: 'HS256',
    subject: buyer.id,
    expiresIn: options.expiresInSeconds ?? 3_600,
  });
}
