export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const IS_PUBLIC = 'eshop:isPublic';

export interface AuthOptions {
  /** HS256 secret (`JWT_SECRET`). */
  readonly secret: string;
}
