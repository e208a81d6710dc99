import type { BrowserSession, PendingSignIn } from '../domain/browser-session';
import { CsrfTokenMismatchError, IdentityProviderUnavailableError, SessionExpiredError } from '../domain/browser-session.errors';
import { AuthorizeSessionRequestUseCase } from './authorize-session-request.use-case';
import type { BrowserSessionStore } from './browser-session.port';
import { RefreshRefusedError, type IdentityProvider, type IssuedTokens } from './identity-provider.port';

class InMemorySessions implements BrowserSessionStore {
  readonly sessions = new Map<string, BrowserSession>();
  leaseHeldElsewhere = false;
  async create(id: string, session: BrowserSession): Promise<void> {
    this.sessions.set(id, session);
  }
  async find(id: string): Promise<BrowserSession | undefined> {
    return this.sessions.get(id);
  }
  async update(id: string, session: BrowserSession): Promise<boolean> {
    if (!this.sessions.has(id)) return false;
    this.sessions.set(id, session);
    return true;
  }
  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }
  async lockRefresh(): Promise<(() => Promise<void>) | undefined> {
    return this.leaseHeldElsewhere ? undefined : async () => undefined;
  }
  async savePendingSignIn(_id: string, _pending: PendingSignIn): Promise<void> {}
  async takePendingSignIn(): Promise<PendingSignIn | undefined> {
    return undefined;
  }
}

/** identity-api's token endpoint, scripted: each refresh answers with `next()`. */
function provider(next: () => Promise<IssuedTokens>): IdentityProvider & { refreshes: string[] } {
  const refreshes: string[] = [];
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    refreshes,
    refresh: (token: string) => {
      refreshes.push(token);
      return next();
    },
    authorizationUrl: unused,
    issuer: () => 'http://identity',
    exchangeCode: unused,
    verifyIdToken: unused,
    revoke: async () => undefined,
    endSessionUrl: unused,
  };
}

const MINUTE = 60_000;
const user = { id: 'u1', name: 'Alice', roles: [] };
const session = (expiresInMs: number): BrowserSession => ({
  user,
  accessToken: 'old-access',
  accessTokenExpiresAt: Date.now() + expiresInMs,
  refreshToken: 'refresh-1',
  csrfToken: 'csrf',
});
const issued = (): IssuedTokens => ({ accessToken: 'new-access', accessTokenExpiresAt: Date.now() + 5 * MINUTE, refreshToken: 'refresh-2', user });

describe('AuthorizeSessionRequestUseCase', () => {
  const timing = { refreshMarginMs: MINUTE, waitForOtherRefreshMs: 300 };
  const read = { sessionId: 's1', stateChanging: false, csrfToken: undefined };

  it('serves a fresh token as it is, and checks the CSRF token on state-changing calls', async () => {
    const store = new InMemorySessions();
    await store.create('s1', session(5 * MINUTE));
    const idp = provider(async () => issued());
    const useCase = new AuthorizeSessionRequestUseCase(store, idp, timing);
    await expect(useCase.execute(read)).resolves.toBe('old-access');
    await expect(useCase.execute({ ...read, stateChanging: true, csrfToken: 'other' })).rejects.toBeInstanceOf(CsrfTokenMismatchError);
    await expect(useCase.execute({ ...read, stateChanging: true, csrfToken: 'csrf' })).resolves.toBe('old-access');
    await expect(useCase.execute({ ...read, sessionId: 'unknown' })).rejects.toBeInstanceOf(SessionExpiredError);
    expect(idp.refreshes).toEqual([]);
  });

  it('refreshes within the margin, once for calls that arrive together, and keeps the rotated refresh token', async () => {
    const store = new InMemorySessions();
    await store.create('s1', session(30_000));
    const idp = provider(async () => issued());
    const useCase = new AuthorizeSessionRequestUseCase(store, idp, timing);
    const tokens = await Promise.all([useCase.execute(read), useCase.execute(read), useCase.execute(read)]);
    expect(tokens).toEqual(['new-access', 'new-access', 'new-access']);
    expect(idp.refreshes).toEqual(['refresh-1']);
    expect(store.sessions.get('s1')).toMatchObject({ accessToken: 'new-access', refreshToken: 'refresh-2', csrfToken: 'csrf' });
  });

  it('ends the session when identity-api refuses the refresh token', async () => {
    const store = new InMemorySessions();
    await store.create('s1', session(30_000));
    const useCase = new AuthorizeSessionRequestUseCase(store, provider(() => Promise.reject(new RefreshRefusedError('invalid_grant'))), timing);
    await expect(useCase.execute(read)).rejects.toBeInstanceOf(SessionExpiredError);
    expect(store.sessions.has('s1')).toBe(false);
  });

  it('keeps serving a still-valid token while identity-api is away; an expired one is a 503, the session kept', async () => {
    const store = new InMemorySessions();
    const away = provider(() => Promise.reject(new IdentityProviderUnavailableError('connection refused')));
    const useCase = new AuthorizeSessionRequestUseCase(store, away, timing);
    await store.create('s1', session(30_000));
    await expect(useCase.execute(read)).resolves.toBe('old-access');
    await store.create('s1', session(-1));
    await expect(useCase.execute(read)).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    expect(store.sessions.has('s1')).toBe(true);
  });

  it('leaves the refresh to the instance holding the lease: a valid token serves, an expired one waits for theirs', async () => {
    const store = new InMemorySessions();
    store.leaseHeldElsewhere = true;
    const idp = provider(async () => issued());
    const useCase = new AuthorizeSessionRequestUseCase(store, idp, { ...timing, waitForOtherRefreshMs: 5_000 });
    await store.create('s1', session(30_000));
    await expect(useCase.execute(read)).resolves.toBe('old-access');

    await store.create('s1', session(-1));
    const waiting = useCase.execute(read);
    await store.update('s1', { ...session(5 * MINUTE), accessToken: 'refreshed-elsewhere' });
    await expect(waiting).resolves.toBe('refreshed-elsewhere');
    expect(idp.refreshes).toEqual([]);
  });
});
