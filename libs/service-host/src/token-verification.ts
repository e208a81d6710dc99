import { API_AUDIENCE, type AuthOptions } from '@eshop/auth';
import type { CommonEnv } from '@eshop/config';

/**
 * How a service verifies access tokens: against identity-api's JWKS, fetched from where the
 * service reaches the provider (IDENTITY_URL, default: the issuer), for the issuer browsers
 * see (IDENTITY_ISSUER) and the audience `eshop-api`. There is no shared secret.
 */
export function tokenVerification(env: Pick<CommonEnv, 'IDENTITY_ISSUER' | 'IDENTITY_URL'>): AuthOptions {
  const issuer = env.IDENTITY_ISSUER.replace(/\/+$/, ''); // identity-api names itself without one
  const base = (env.IDENTITY_URL ?? issuer).replace(/\/+$/, '');
  return { jwks: { jwksUrl: `${base}/jwks`, issuer, audience: API_AUDIENCE } };
}
