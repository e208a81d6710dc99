import { useEffect, useMemo, type ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { Loading, PageHeading } from '../ui/feedback';
import { useSession } from './contexts';
import { currentPathAndSearch } from './router';
import { automaticSignInBlocked } from './session-provider';

/**
 * Pages of a buyer (basket, checkout, orders): a visitor is sent to sign in and brought back
 * here. If the browser came back without a session a moment ago, it stays and says so.
 */
export function RequireSignIn({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const { session, signIn } = useSession();
  const path = currentPathAndSearch();
  const signedOut = session.status === 'signed-out';
  const blocked = useMemo(() => signedOut && automaticSignInBlocked(path), [signedOut, path]);
  useEffect(() => {
    if (signedOut && !blocked) signIn(path, true);
  }, [signedOut, blocked, signIn, path]);

  if (session.status === 'signed-in') return <>{children}</>;
  if (session.status === 'loading' || !blocked) return <Loading />;
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <p role="alert" className="alert">
        You are not signed in: your session could not be established. Use the Sign in link above to try again.
      </p>
    </section>
  );
}

/** A call answered 401 (the session ended meanwhile): back to sign in, loop-guarded. */
export function useSignInWhenRefused(error: unknown): void {
  const { signIn } = useSession();
  const refused = error instanceof ApiError && error.signInRequired;
  useEffect(() => {
    if (refused) signIn(currentPathAndSearch(), true);
  }, [refused, signIn]);
}
