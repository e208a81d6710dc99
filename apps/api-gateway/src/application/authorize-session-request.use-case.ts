import { setTimeout as delay } from 'node:timers/promises';
import { csrfTokenMatches, hasExpired, needsRefresh, type BrowserSession } from '../domain/browser-session';
import { CsrfTokenMismatchError, IdentityProviderUnavailableError, SessionExpiredError } from '../domain/browser-session.errors';
import type { BrowserSessionStore } from './browser-session.port';
import { RefreshRefusedError, type IdentityProvider } from './identity-provider.port';

export interface SessionRequest {
  readonly sessionId: string;
  /** POST, PUT, PATCH, DELETE: the CSRF token must come with it. */
  readonly stateChanging: boolean;
  readonly csrfToken: string | undefined;
}

export interface SessionRefreshTiming {
  /** Refresh this long before the access token expires. */
  readonly refreshMarginMs: number;
  /** How long a request waits for another instance's refresh of an expired token. */
  readonly waitForOtherRefreshMs: number;
}

/** Long enough for one token request; a crashed holder's lease ends by itself. */
const REFRESH_LEASE_MS = 15_000;
const OTHER_REFRESH_POLL_MS = 100;

/**
 * An /api call carrying a session cookie: the session must exist, a state-changing call must
 * present the session's CSRF token, and the access token it returns for the upstream is
 * fresh. Refresh happens shortly before expiry, once at a time per session: within this
 * process one promise is shared, across instances a Redis lease decides (a refresh token is
 * rotated on use; two refreshes with the same one would make identity-api revoke the grant).
 */
export class AuthorizeSessionRequestUseCase {
  private readonly refreshing = new Map<string, Promise<BrowserSession>>();

  constructor(
    private readonly store: BrowserSessionStore,
    private readonly provider: IdentityProvider,
    private readonly timing: SessionRefreshTiming,
  ) {}

  /** Returns the access token to send upstream. */
  async execute(request: SessionRequest): Promise<string> {
    const session = await this.store.find(request.sessionId);
    if (!session) throw new SessionExpiredError();
    if (request.stateChanging && !csrfTokenMatches(session, request.csrfToken)) throw new CsrfTokenMismatchError();
    if (!needsRefresh(session, Date.now(), this.timing.refreshMarginMs)) return session.accessToken;
    return (await this.refreshOnce(request.sessionId, session)).accessToken;
  }

  /** Whether the session still exists (a live stream opened on it asks, to end with it). */
  async isSignedIn(sessionId: string): Promise<boolean> {
    return (await this.store.find(sessionId)) !== undefined;
  }

  private refreshOnce(id: string, seen: BrowserSession): Promise<BrowserSession> {
    let running = this.refreshing.get(id);
    if (!running) {
      running = this.refreshAcrossInstances(id, seen).finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, running);
    }
    return running;
  }

  private async refreshAcrossInstances(id: string, seen: BrowserSession): Promise<BrowserSession> {
    const release = await this.store.lockRefresh(id, REFRESH_LEASE_MS);
    if (!release) return this.awaitOtherRefresh(id, seen);
    try {
      // Another instance may have refreshed between our read and the lease.
      const current = await this.store.find(id);
      if (!current) throw new SessionExpiredError();
      if (!needsRefresh(current, Date.now(), this.timing.refreshMarginMs)) return current;
      return await this.refresh(id, current);
    } finally {
      await release();
    }
  }

  private async refresh(id: string, session: BrowserSession): Promise<BrowserSession> {
    if (!session.refreshToken) {
      if (!hasExpired(session, Date.now())) return session;
      await this.store.delete(id);
      throw new SessionExpiredError('the session has expired');
    }
    let tokens;
    try {
      tokens = await this.provider.refresh(session.refreshToken);
    } catch (error) {
      if (error instanceof RefreshRefusedError) {
        await this.store.delete(id);
        throw new SessionExpiredError('identity-api ended the session');
      }
      // identity-api briefly away: the current token serves until it expires (refresh is early).
      if (!hasExpired(session, Date.now())) return session;
      throw error;
    }
    const next: BrowserSession = {
      ...session,
      user: tokens.user,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    };
    if (!(await this.store.update(id, next))) throw new SessionExpiredError(); // signed out meanwhile
    return next;
  }

  /** Another instance holds the lease: a still-valid token serves; an expired one waits for theirs. */
  private async awaitOtherRefresh(id: string, seen: BrowserSession): Promise<BrowserSession> {
    if (!hasExpired(seen, Date.now())) return seen;
    const deadline = Date.now() + this.timing.waitForOtherRefreshMs;
    while (Date.now() < deadline) {
      await delay(OTHER_REFRESH_POLL_MS);
      const current = await this.store.find(id);
      if (!current) throw new SessionExpiredError();
      if (!hasExpired(current, Date.now())) return current;
    }
    throw new IdentityProviderUnavailableError('the session is being refreshed by another gateway instance; try again');
  }
}
