import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Who is signed in, as the access token names them (`sub`, `name`, `roles`). */
export interface SessionUser {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

/**
 * A browser's sign-in, kept server-side (docs/adr/0012-gateway-as-backend-for-frontend.md):
 * the browser holds only a random id in a cookie. The tokens never leave the gateway.
 */
export interface BrowserSession {
  readonly user: SessionUser;
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly accessTokenExpiresAt: number;
  readonly refreshToken?: string;
  /** Sent back by the storefront in `x-csrf-token` on every state-changing call. */
  readonly csrfToken: string;
}

/** A sign-in under way: what the callback needs to finish it. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
}

/** The access token is due for a refresh `marginMs` before it expires. */
export function needsRefresh(session: BrowserSession, now: number, marginMs: number): boolean {
  return session.accessTokenExpiresAt - marginMs <= now;
}

export function hasExpired(session: BrowserSession, now: number): boolean {
  return session.accessTokenExpiresAt <= now;
}

/** Constant-time comparison: the token must not be guessable from response times. */
export function csrfTokenMatches(session: BrowserSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const MAX_RETURN_PATH = 512;

/**
 * Where the browser goes after signing in: a path on the gateway's own origin only, so that
 * `/auth/login?returnTo=https://evil.example` cannot turn the sign-in into an open redirect.
 * `//host` and `/\host` are other origins to a browser; anything doubtful becomes `/`.
 */
export function sameOriginPath(value: string | undefined): string {
  if (value === undefined || value === '' || value.length > MAX_RETURN_PATH) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  return value;
}

/** 256 random bits, URL-safe: session ids, CSRF tokens, state, nonce, PKCE verifiers. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
