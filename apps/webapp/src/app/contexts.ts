import { createContext, useContext } from 'react';
import type { StorefrontApi } from '../api/storefront-api';
import type { SignedInUser } from '../api/types';

export const ApiContext = createContext<StorefrontApi | null>(null);

export function useApi(): StorefrontApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}

export type Session =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly user: SignedInUser };

export interface SessionControl {
  readonly session: Session;
  /**
   * Leaves for the gateway's `/auth/login?returnTo=…`. `automatic` (a page that needs a
   * session found none) is skipped when the same page already sent the browser there a
   * moment ago, so a session that cannot be established never becomes a redirect loop.
   * Returns false when it did not leave.
   */
  readonly signIn: (returnTo?: string, automatic?: boolean) => boolean;
  readonly signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionControl | null>(null);

export function useSession(): SessionControl {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext.Provider>');
  return session;
}

export function isAdmin(session: Session): boolean {
  return session.status === 'signed-in' && session.user.roles.includes('admin');
}
