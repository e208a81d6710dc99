import type { SessionUser } from '../domain/browser-session';

/** What the token endpoint gave back, with the user the access token names. */
export interface IssuedTokens {
  readonly accessToken: string;
  /** Epoch milliseconds, from `expires_in`. */
  readonly accessTokenExpiresAt: number;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly user: SessionUser;
}

/**
 * Port: identity-api as seen by the gateway, an OpenID Connect client (confidential:
 * client secret). The adapter speaks the protocol; the use cases decide what to do.
 */
export interface IdentityProvider {
  /** The browser-facing authorization URL (code flow, PKCE S256, state, nonce). */
  authorizationUrl(request: { state: string; nonce: string; codeChallenge: string }): Promise<string>;
  /** The issuer the callback's `iss` must name (RFC 9207). */
  issuer(): string;
  exchangeCode(code: string, codeVerifier: string): Promise<IssuedTokens>;
  /** Verifies the id token (signature, issuer, audience, expiry, nonce); returns its subject. */
  verifyIdToken(idToken: string, nonce: string): Promise<{ subject: string }>;
  /** Throws RefreshRefusedError when identity-api no longer honours the refresh token. */
  refresh(refreshToken: string): Promise<IssuedTokens>;
  /** Best effort, never throws: the session is deleted whatever identity-api answers. */
  revoke(refreshToken: string): Promise<void>;
  /**
   * identity-api's RP-initiated logout URL, which sends the browser back to
   * `postLogoutRedirectUri`. It names the client, not the id token: no token ever reaches
   * the browser, not even in a URL.
   */
  endSessionUrl(postLogoutRedirectUri: string): Promise<string>;
}

/** identity-api answered `invalid_grant`: the refresh token is revoked, expired or reused. */
export class RefreshRefusedError extends Error {
  override readonly name = 'RefreshRefusedError';
}

export const IDENTITY_PROVIDER = Symbol('IDENTITY_PROVIDER');
