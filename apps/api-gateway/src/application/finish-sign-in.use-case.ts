import { randomSecret } from '../domain/browser-session';
import { SignInFailedError, SignInStateError } from '../domain/browser-session.errors';
import type { BrowserSessionStore } from './browser-session.port';
import type { IdentityProvider } from './identity-provider.port';

/** identity-api's redirect back to /auth/callback, with the sign-in cookie's value. */
export interface SignInCallback {
  readonly pendingId: string | undefined;
  /** A session this browser already had: replaced, so a planted session id dies at sign-in. */
  readonly previousSessionId: string | undefined;
  readonly state: string | undefined;
  readonly code: string | undefined;
  readonly iss: string | undefined;
  /** Set instead of `code` when identity-api refused (e.g. `access_denied`). */
  readonly error: string | undefined;
}

export interface FinishedSignIn {
  readonly sessionId: string;
  readonly returnTo: string;
}

/**
 * GET /auth/callback: the pending sign-in is taken (once), its `state` and the issuer
 * compared, the code exchanged with the PKCE verifier and the client secret, the id token
 * verified with its nonce; then a session holds the tokens and the browser gets its id.
 */
export class FinishSignInUseCase {
  constructor(
    private readonly store: BrowserSessionStore,
    private readonly provider: IdentityProvider,
    private readonly sessionTtlSeconds: number,
  ) {}

  async execute(callback: SignInCallback): Promise<FinishedSignIn> {
    const pending = callback.pendingId ? await this.store.takePendingSignIn(callback.pendingId) : undefined;
    if (!pending) throw new SignInStateError('no sign-in under way in this browser');
    if (callback.state !== pending.state) throw new SignInStateError('state does not match');
    if (callback.iss !== undefined && callback.iss !== this.provider.issuer()) throw new SignInStateError('unexpected issuer');
    if (callback.error !== undefined) throw new SignInFailedError(`identity-api answered ${callback.error}`);
    if (!callback.code) throw new SignInStateError('no authorization code');

    const tokens = await this.provider.exchangeCode(callback.code, pending.codeVerifier);
    if (!tokens.idToken) throw new SignInFailedError('identity-api issued no id token');
    const { subject } = await this.provider.verifyIdToken(tokens.idToken, pending.nonce);
    if (subject !== tokens.user.id) throw new SignInFailedError('id token and access token name different users');

    if (callback.previousSessionId) await this.store.delete(callback.previousSessionId);
    const sessionId = randomSecret();
    await this.store.create(
      sessionId,
      {
        user: tokens.user,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        csrfToken: randomSecret(),
      },
      this.sessionTtlSeconds,
    );
    return { sessionId, returnTo: pending.returnTo };
  }
}
