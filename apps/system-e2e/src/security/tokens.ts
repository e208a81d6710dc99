import { REFUSED_TOKENS, TestIdentityProvider } from '@eshop/testing';

const now = () => Math.floor(Date.now() / 1000);

/**
 * A valid staff token of this run (role `admin`, so that every route lets it through) and,
 * for the same subject, every token a service must refuse: the shared table of libs/testing
 * (no exp, foreign iss or aud, expired, unknown kid, a forged signature, alg none, HS256 with
 * the public key), plus one issued an hour ahead. All are forged against the run's identity
 * provider and claim the role `admin`: only the check under test can refuse them.
 */
export function tokenVariants(subject: string): { valid: string; refused: Record<string, string> } {
  const identity = TestIdentityProvider.shared;
  const claims = { sub: subject, name: `Staff ${subject}`, roles: ['admin'] };
  const refused: Record<string, string> = {
    'iat an hour ahead': identity.tokenSync(claims, { issuedAt: now() + 3_600, expiresInSeconds: 7_200 }),
  };
  for (const [kind, forge] of REFUSED_TOKENS) {
    const authorization = forge(identity);
    if (authorization?.startsWith('Bearer ')) refused[kind] = authorization.slice('Bearer '.length);
  }
  return { valid: identity.tokenSync(claims), refused };
}
