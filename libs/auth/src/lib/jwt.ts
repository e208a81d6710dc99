import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './auth.errors';
import { API_AUDIENCE, CLOCK_SKEW_SECONDS, type TokenScope } from './access-token-verifier';
import type { Buyer } from './buyer';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** Extracts the token from an `Authorization: Bearer …` header value. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new InvalidTokenError('TOKEN_MISSING', 'missing bearer token');
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw new InvalidTokenError('TOKEN_MALFORMED', 'malformed bearer token');
  return match[1];
}

export const DEFAULT_TOKEN_SCOPE: TokenScope = { issuer: 'http://localhost:8085', audience: API_AUDIENCE };

/**
 * Validates an HS256 token signed with `secret` and returns the buyer it names. Only HS256
 * is accepted (no `none`, no algorithm confusion); `sub` and `exp` are required (a token that
 * never expires is refused), the issuer and audience must be ours, and a token issued in the
 * future (beyond the allowed clock skew) is refused.
 */
export function verifyToken(token: string, secret: string, scope: TokenScope = DEFAULT_TOKEN_SCOPE): Buyer {
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      issuer: scope.issuer,
      audience: scope.audience,
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) {
      throw new InvalidTokenError('TOKEN_EXPIRED', 'token expired');
    }
    throw new InvalidTokenError('TOKEN_INVALID', 'invalid token');
  }
  if (typeof claims === 'string' || typeof claims.sub !== 'string' || claims.sub === '') {
    throw new InvalidTokenError('TOKEN_INVALID', 'token has no subject');
  }
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('TOKEN_INVALID', 'token has no expiry');
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_SKEW_SECONDS) {
    throw new InvalidTokenError('TOKEN_INVALID', 'token issued in the future');
  }
  const name = typeof claims['name'] === 'string' ? claims['name'] : claims.sub;
  const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((r): r is string => typeof r === 'string') : [];
  return { id: claims.sub, name, roles };
}

/** Signs a token for a buyer (tests and the `npm run token` script). */
export function signToken(
  buyer: Pick<Buyer, 'id' | 'name'> & { readonly roles?: readonly string[] },
  secret: string,
  options: { readonly expiresInSeconds?: number; readonly scope?: TokenScope } = {},
): string {
  const scope = options.scope ?? DEFAULT_TOKEN_SCOPE;
  return jwt.sign({ name: buyer.name, roles: [...(buyer.roles ?? [])] }, secret, {
    algorithm: 'HS256',
    subject: buyer.id,
    issuer: scope.issuer,
    audience: scope.audience,
    expiresIn: options.expiresInSeconds ?? 3_600,
  });
}
