import type { BrowserSession, PendingSignIn } from '../domain/browser-session';

/**
 * Port: where browser sessions and sign-ins under way are kept (Redis: shared by every
 * gateway instance, and surviving a restart). Ids are the random values of the cookies.
 */
export interface BrowserSessionStore {
  create(id: string, session: BrowserSession, ttlSeconds: number): Promise<void>;
  find(id: string): Promise<BrowserSession | undefined>;
  /** Replaces a session that still exists, keeping its lifetime; false when it is gone. */
  update(id: string, session: BrowserSession): Promise<boolean>;
  delete(id: string): Promise<void>;
  /**
   * A lease that lets one caller, across every gateway instance, refresh the session's tokens
   * (identity-api rotates refresh tokens: two refreshes with the same one end the grant).
   * Returns a release function, or undefined when another caller holds it.
   */
  lockRefresh(id: string, leaseMs: number): Promise<(() => Promise<void>) | undefined>;
  savePendingSignIn(id: string, pending: PendingSignIn, ttlSeconds: number): Promise<void>;
  /** Reads and deletes: a sign-in is finished once at most. */
  takePendingSignIn(id: string): Promise<PendingSignIn | undefined>;
}

export const BROWSER_SESSION_STORE = Symbol('BROWSER_SESSION_STORE');
