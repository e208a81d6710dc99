import { csrfTokenMatches } from '../domain/browser-session';
import { CsrfTokenMismatchError } from '../domain/browser-session.errors';
import type { BrowserSessionStore } from './browser-session.port';
import type { IdentityProvider } from './identity-provider.port';

/**
 * POST /auth/logout: CSRF-checked (a cross-site form must not sign anyone out), the session
 * deleted, its refresh token revoked, and the browser sent to identity-api's end-session
 * endpoint, which ends the sign-in there too and returns it to the storefront. Without a
 * session there is nothing to end: the browser goes straight back.
 */
export class SignOutUseCase {
  constructor(
    private readonly store: BrowserSessionStore,
    private readonly provider: IdentityProvider,
    private readonly postLogoutRedirectUri: string,
  ) {}

  async execute(sessionId: string | undefined, csrfToken: string | undefined): Promise<{ redirectUrl: string }> {
    const session = sessionId ? await this.store.find(sessionId) : undefined;
    if (!sessionId || !session) return { redirectUrl: this.postLogoutRedirectUri };
    if (!csrfTokenMatches(session, csrfToken)) throw new CsrfTokenMismatchError();
    await this.store.delete(sessionId);
    if (session.refreshToken) await this.provider.revoke(session.refreshToken);
    // identity-api unreachable: the gateway's session is over all the same; the browser goes home.
    const redirectUrl = await this.provider
      .endSessionUrl(this.postLogoutRedirectUri)
      .catch(() => this.postLogoutRedirectUri);
    return { redirectUrl };
  }
}
