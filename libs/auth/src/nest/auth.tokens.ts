import type { AccessTokenVerifierOptions, TokenScope } from '../lib/access-token-verifier';
import type { Buyer } from '../lib/buyer';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const IS_PUBLIC = 'eshop:isPublic';
export const REQUIRED_ROLES = 'eshop:requiredRoles';

/** Turns a bearer token into the buyer it names, or throws `InvalidTokenError`. */
export interface TokenVerifier {
  verify(token: string): Promise<Buyer>;
}

export type AuthOptions =
  /** Access tokens from identity-api, checked against its JWKS. */
  | { readonly jwks: AccessTokenVerifierOptions }
  /** SIMPLIFICATION (transitional): HS256 with a shared secret, until every app uses the JWKS. */
  | { readonly secret: string; readonly scope?: TokenScope };
