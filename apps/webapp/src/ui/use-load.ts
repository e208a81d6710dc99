import { useCallback, useEffect, useRef, useState } from 'react';

interface Result<T> {
  readonly key: string;
  readonly nonce: number;
  readonly data?: T;
  readonly error?: unknown;
}

export interface Loaded<T> {
  /** The last answer for this key (kept while a reload runs, so the page does not flash). */
  readonly data: T | undefined;
  readonly error: unknown;
  /** Nothing to show yet for this key. */
  readonly loading: boolean;
  readonly reload: () => void;
  /** Shows what a write returned (e.g. the basket after a change) without asking again. */
  readonly setData: (data: T) => void;
}

/**
 * Loads what a page shows for `key` (e.g. the URL's page and filters) and loads again when
 * the key changes or `reload` is called. An answer for an older key is dropped.
 * `keepPrevious`: while the next key loads, keep showing the last answer (paging keeps its
 * buttons, and the focus on them, instead of flashing "Loading…").
 */
export function useLoad<T>(key: string, load: () => Promise<T>, keepPrevious = false): Loaded<T> {
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<Result<T> | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (data) => live && setResult({ key, nonce, data }),
      (error: unknown) => live && setResult({ key, nonce, error }),
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);
  const current = result?.key === key || (keepPrevious && result?.data !== undefined) ? result : null;
  const reload = useCallback(() => setNonce((value) => value + 1), []);
  const setData = useCallback((data: T) => setResult({ key, nonce, data }), [key, nonce]);
  return { data: current?.data, error: current?.error, loading: current === null || current.key !== key, reload, setData };
}
