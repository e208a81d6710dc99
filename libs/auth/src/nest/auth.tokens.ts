import type { AccessTokenVerifierOptions } from '../lib/access-token-verifier';
import type { Buyer } from '../lib/buyer';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const IS_PUBLIC = 'eshop:isPublic';
export const REQUIRED_ROLES = 'eshop:requiredRoles';

/** Turns a bearer token into the buyer it names, or throws `InvalidTokenError`. */
export interface TokenVerifier {
  verify(token: string): Promise<Buyer>;
}

/** Access tokens from identity-api, checked against its JWKS (there is no shared secret). */
export interface AuthOptions {
  readonly jwks: AccessTokenVerifierOptions;
}
