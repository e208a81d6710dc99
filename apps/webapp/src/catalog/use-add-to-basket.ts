import { useState } from 'react';
import { ApiError } from '../api/api-error';
import { useApi, useSession } from '../app/contexts';

export interface AddToBasket {
  readonly add: (productId: number, name: string) => Promise<void>;
  readonly status: string | null;
  readonly error: string | null;
  /** The session is not known yet: the button waits rather than guess. */
  readonly disabled: boolean;
}

/** "Add to basket": a signed-out visitor is sent to sign in and comes back to this page. */
export function useAddToBasket(): AddToBasket {
  const api = useApi();
  const { session, signIn } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function add(productId: number, name: string): Promise<void> {
    if (session.status !== 'signed-in') {
      signIn();
      return;
    }
    setError(null);
    setStatus(null);
    try {
      await api.addToBasket(productId, 1);
      setStatus(`Added ${name} to your basket`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.signInRequired) {
        signIn();
        return;
      }
      const reason = failure instanceof ApiError && failure.status < 500 && failure.status > 0 ? failure.message : 'the basket is unavailable right now. Try again in a moment.';
      const circuit = failure instanceof ApiError && failure.circuitOpen ? ' (the gateway stopped calling a failing service for a few seconds)' : '';
      setError(`Could not add ${name}: ${reason}${circuit}`);
    }
  }

  return { add, status, error, disabled: session.status === 'loading' };
}
