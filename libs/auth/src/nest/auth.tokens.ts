import type { TokenScope } from '../lib/jwt';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const IS_PUBLIC = 'eshop:isPublic';

export interface AuthOptions {
  /** HS256 secret (`JWT_SECRET`). */
  readonly secret: string;
  /** Expected issuer and audience; the contract's defaults when omitted. */
  readonly scope?: TokenScope;
}
