import { useState } from 'react';
import { ApiError } from '../api/api-error';
import type { Basket } from '../api/types';
import { useApi, useSession } from '../app/contexts';
import { useSignInWhenRefused } from '../app/require-sign-in';
import { Link } from '../app/router';
import { formatCents } from '../money/money';
import { LoadFailure, Loading, PageHeading } from '../ui/feedback';
import { useLoad } from '../ui/use-load';
import { BasketLineItem } from './basket-line';
import { basketTotalCents } from './price-change';

/**
 * `/basket`: the buyer's lines at current prices, each with a notice when its price changed
 * since it was added (basket-api keeps it current from catalog's price-change events).
 * Changes send the whole basket back as products and quantities; prices stay the server's.
 */
export function BasketPage() {
  const api = useApi();
  const { signIn } = useSession();
  const basket = useLoad('basket', () => api.basket());
  const [busy, setBusy] = useState(false);
  const [writeError, setWriteError] = useState<string | null>(null);

  const replace = async (items: ReadonlyArray<{ productId: number; quantity: number }>) => {
    setBusy(true);
    setWriteError(null);
    try {
      basket.setData(await api.replaceBasket(items));
    } catch (error) {
      if (error instanceof ApiError && error.signInRequired) signIn();
      else setWriteError(`The basket was not changed: ${error instanceof ApiError ? error.message : 'unexpected error'}`);
      basket.reload();
    } finally {
      setBusy(false);
    }
  };
  const withQuantity = (current: Basket, productId: number, quantity: number | null) =>
    current.items
      .map((line) => ({ productId: line.productId, quantity: line.productId === productId ? quantity : line.quantity }))
      .filter((line): line is { productId: number; quantity: number } => line.quantity !== null);

  useSignInWhenRefused(basket.error);
  const data = basket.data;

  return (
    <section>
      <PageHeading>Basket</PageHeading>
      <button type="button" onClick={basket.reload}>
        Refresh basket
      </button>
      {writeError ? (
        <p role="alert" className="alert">
          {writeError}
        </p>
      ) : null}
      {basket.loading ? <Loading /> : null}
      {basket.error ? <LoadFailure error={basket.error} what="basket" /> : null}
      {data && data.items.length === 0 ? (
        <p>
          Your basket is empty. <Link to="/">Continue shopping</Link>
        </p>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <ul className="basket-lines">
            {data.items.map((line) => (
              <BasketLineItem
                key={line.id}
                line={line}
                busy={busy}
                onQuantity={(quantity) => void replace(withQuantity(data, line.productId, quantity))}
                onRemove={() => void replace(withQuantity(data, line.productId, null))}
              />
            ))}
          </ul>
          <footer className="basket-footer">
            <p className="total">Total: {formatCents(basketTotalCents(data.items))}</p>
            <Link to="/checkout" className="button-link">
              Checkout
            </Link>
          </footer>
        </>
      ) : null}
    </section>
  );
}
