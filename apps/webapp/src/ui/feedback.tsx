import { useEffect, useRef, type ReactNode } from 'react';
import { describeLoadFailure } from '../api/api-error';
import { takeFocusRequest } from '../app/router';

/** The page's h1; it takes the focus after an in-app navigation. */
export function PageHeading({ children }: { readonly children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocusRequest()) ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Loading() {
  return <p className="loading">Loading…</p>;
}

/** A failed load, explained (503 CIRCUIT_OPEN included); never a blank page. */
export function LoadFailure({ error, what }: { readonly error: unknown; readonly what: string }) {
  return (
    <p role="alert" className="alert">
      {describeLoadFailure(error, what)}
    </p>
  );
}

/** A live region that is always in the page, so a new message is announced. */
export function StatusMessage({ message }: { readonly message: string | null | undefined }) {
  return (
    <p role="status" className={message ? 'status-message' : 'status-message empty'}>
      {message ?? ''}
    </p>
  );
}
