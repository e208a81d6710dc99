import { createHash } from 'node:crypto';
import { randomSecret, sameOriginPath, type PendingSignIn } from '../domain/browser-session';
import type { BrowserSessionStore } from './browser-session.port';
import type { IdentityProvider } from './identity-provider.port';

/** A sign-in not finished within this time is forgotten (identity-api's own interaction lasts 15 min). */
export const PENDING_SIGN_IN_TTL_SECONDS = 15 * 60;

export interface StartedSignIn {
  /** Goes into the short-lived sign-in cookie: it binds the callback to this browser. */
  readonly pendingId: string;
  readonly redirectUrl: string;
}

/**
 * GET /auth/login: a fresh `state` (ties the callback to this sign-in), `nonce` (ties the id
 * token to it) and PKCE verifier (ties the code exchange to it), kept server-side; the
 * browser is sent to identity-api's authorization endpoint with the S256 challenge.
 */
export class StartSignInUseCase {
  constructor(
    private readonly store: BrowserSessionStore,
    private readonly provider: IdentityProvider,
  ) {}

  async execute(returnTo: string | undefined): Promise<StartedSignIn> {
    const pending: PendingSignIn = {
      state: randomSecret(),
      nonce: randomSecret(),
      codeVerifier: randomSecret(),
      returnTo: sameOriginPath(returnTo),
    };
    const pendingId = randomSecret();
    const codeChallenge = createHash('sha256').update(pending.codeVerifier).digest('base64url');
    const redirectUrl = await this.provider.authorizationUrl({ state: pending.state, nonce: pending.nonce, codeChallenge });
    await this.store.savePendingSignIn(pendingId, pending, PENDING_SIGN_IN_TTL_SECONDS);
    return { pendingId, redirectUrl };
  }
}
