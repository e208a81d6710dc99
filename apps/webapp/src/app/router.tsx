import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A history-API router in one file: seven routes do not need a library (docs/adr/0015).
 * `navigate` pushes a history entry and tells the subscribers; Back/Forward arrive as
 * `popstate`. Navigation state (a one-off status message, the order a page waits for)
 * travels in `history.state`: it stays with its history entry (Back, Forward, reload) and
 * is never part of a shared link.
 */
export interface NavigationState {
  /** A status message for the next page, e.g. "Order placed". */
  readonly flash?: string;
  /** The orders page polls until an order with a higher number is listed. */
  readonly newerThan?: number;
}

export interface AppLocation {
  readonly path: string;
  readonly search: string;
  readonly state: NavigationState;
}

const listeners = new Set<() => void>();
let current: AppLocation | null = null;
let focusPending = false;

/** Read again only when the location changes, so each snapshot is one stable object. */
function refresh(): void {
  const { pathname, search } = window.location;
  current = { path: pathname, search, state: (window.history.state ?? {}) as NavigationState };
}

function read(): AppLocation {
  if (!current) refresh();
  return current as AppLocation;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onPop = () => {
    refresh();
    focusPending = true;
    listener();
  };
  window.addEventListener('popstate', onPop);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', onPop);
  };
}

export function navigate(to: string, state: NavigationState = {}, replace = false): void {
  if (replace) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  focusPending = !replace;
  refresh();
  for (const listener of listeners) listener();
}

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, read);
}

/** The page heading takes the focus after a navigation, so keyboard and screen-reader users start there. */
export function takeFocusRequest(): boolean {
  const pending = focusPending;
  focusPending = false;
  return pending;
}

/** Path and query of where the browser is, e.g. the `returnTo` of a sign-in. */
export function currentPathAndSearch(): string {
  return window.location.pathname + window.location.search;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { readonly to: string };

/** A real link (it opens in a new tab, copies, and works without the router) that navigates in-app on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

export type Route =
  | { readonly name: 'catalog' }
  | { readonly name: 'product'; readonly id: number }
  | { readonly name: 'basket' }
  | { readonly name: 'checkout' }
  | { readonly name: 'orders' }
  | { readonly name: 'order'; readonly id: number }
  | { readonly name: 'admin' }
  | { readonly name: 'not-found' };

export function matchRoute(path: string): Route {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const fixed: Record<string, Route> = {
    '/': { name: 'catalog' },
    '/basket': { name: 'basket' },
    '/checkout': { name: 'checkout' },
    '/orders': { name: 'orders' },
    '/admin': { name: 'admin' },
  };
  const known = fixed[trimmed];
  if (known) return known;
  const withId = /^\/(products|orders)\/(\d{1,10})$/.exec(trimmed);
  if (withId) {
    const id = Number(withId[2]);
    if (id > 0 && id <= 2_147_483_647) return withId[1] === 'products' ? { name: 'product', id } : { name: 'order', id };
  }
  return { name: 'not-found' };
}
