import jwt from 'jsonwebtoken';
import { JWT_SECRET } from '../support/system';

/** The issuer and audience every service expects (IDENTITY_ISSUER's default, `eshop-api`). */
export const ISSUER = 'http://localhost:8085';
export const AUDIENCE = 'eshop-api';

const now = () => Math.floor(Date.now() / 1000);

/** HS256 with the run's secret: only the claims differ from a valid token (`iat` is kept as given). */
function sign(claims: Record<string, unknown>): string {
  return jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256' });
}

/**
 * A valid token and, for the same buyer, each way the issue found tokens too loosely
 * checked: correctly signed, so only the claim check can refuse them.
 */
export function tokenVariants(buyer: string): { valid: string; refused: Record<string, string> } {
  const base = { sub: buyer, name: `Buyer ${buyer}`, iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 };
  const { exp: _exp, ...withoutExp } = base;
  return {
    valid: sign(base),
    refused: {
      'no exp': sign(withoutExp),
      'a foreign iss': sign({ ...base, iss: 'https://evil.example' }),
      'a foreign aud': sign({ ...base, aud: 'another-api' }),
      'iat an hour ahead': sign({ ...base, iat: now() + 3_600, exp: now() + 7_200 }),
      'expired': sign({ ...base, iat: now() - 7_200, exp: now() - 3_600 }),
    },
  };
}
