import type { SessionUser } from '../domain/browser-session';
import { SessionExpiredError } from '../domain/browser-session.errors';
import type { BrowserSessionStore } from './browser-session.port';

export interface SignedInUser {
  readonly user: SessionUser;
  /** The storefront sends it back in `x-csrf-token`; it is not a credential by itself. */
  readonly csrfToken: string;
}

/** GET /auth/me: who is signed in on this browser, for the storefront. Never a token. */
export class GetSignedInUserUseCase {
  constructor(private readonly store: BrowserSessionStore) {}

  async execute(sessionId: string | undefined): Promise<SignedInUser> {
    const session = sessionId ? await this.store.find(sessionId) : undefined;
    if (!session) throw new SessionExpiredError();
    return { user: session.user, csrfToken: session.csrfToken };
  }
}
