import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { currentPathAndSearch } from './router';
import { SessionContext, useApi, type Session, type SessionControl } from './contexts';

const AUTOMATIC_SIGN_IN_KEY = 'eshop.automatic-sign-in';
const AUTOMATIC_SIGN_IN_QUIET_MS = 30_000;

export function signInUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Full-page navigations: sign in and out happen on identity-api's pages. (An object, so tests can watch it.) */
export const browserNavigation = {
  leave(url: string): void {
    window.location.assign(url);
  },
};

interface AutomaticSignIn {
  readonly path: string;
  readonly at: number;
}

/** True when this tab was sent to sign in for `returnTo` a moment ago and came back without a session. */
export function automaticSignInBlocked(returnTo: string): boolean {
  try {
    const last = JSON.parse(window.sessionStorage.getItem(AUTOMATIC_SIGN_IN_KEY) ?? 'null') as AutomaticSignIn | null;
    return last !== null && last.path === returnTo && Date.now() - last.at < AUTOMATIC_SIGN_IN_QUIET_MS;
  } catch {
    return false; // No sessionStorage (privacy mode): the loop guard is a convenience.
  }
}

function recordAutomaticSignIn(returnTo: string): void {
  try {
    window.sessionStorage.setItem(AUTOMATIC_SIGN_IN_KEY, JSON.stringify({ path: returnTo, at: Date.now() }));
  } catch {
    // See automaticSignInBlocked.
  }
}

/** Asks the gateway who is signed in (`/auth/me`) once, and offers sign in / sign out. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const [session, setSession] = useState<Session>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    api
      .me()
      .then((user) => live && setSession(user ? { status: 'signed-in', user } : { status: 'signed-out' }))
      // The gateway is down: browse as a visitor; pages that need a session say what failed.
      .catch(() => live && setSession({ status: 'signed-out' }));
    return () => {
      live = false;
    };
  }, [api]);

  const control = useMemo<SessionControl>(
    () => ({
      session,
      signIn(returnTo = currentPathAndSearch(), automatic = false) {
        if (automatic) {
          if (automaticSignInBlocked(returnTo)) return false;
          recordAutomaticSignIn(returnTo);
        }
        browserNavigation.leave(signInUrl(returnTo));
        return true;
      },
      async signOut() {
        browserNavigation.leave(await api.logout());
      },
    }),
    [api, session],
  );
  return <SessionContext.Provider value={control}>{children}</SessionContext.Provider>;
}
