import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useApi } from '../app/contexts';
import { useSignInWhenRefused } from '../app/require-sign-in';
import { Link, useLocation } from '../app/router';
import { formatPrice } from '../money/money';
import { LoadFailure, Loading, PageHeading, StatusMessage } from '../ui/feedback';
import { liveOrdersReducer } from './live-orders';
import { useOrderEvents } from './use-order-events';

/** While a just-placed order is not listed yet (ordering creates it from an event), ask again this often… */
export const NEW_ORDER_POLL_MS = 2_000;
/** …but not forever (the saga may be stalled; the SSE stream still brings it). */
const NEW_ORDER_POLL_LIMIT = 60;

/**
 * `/orders`: the buyer's orders, newest first, with statuses that change live: each SSE
 * message moves its order on at once and triggers a re-fetch (which also brings orders the
 * page has not seen), and every (re)connection re-fetches what a gap may have hidden.
 */
export function OrdersPage() {
  const api = useApi();
  const { state } = useLocation();
  const [orders, dispatch] = useReducer(liveOrdersReducer, null);
  const [error, setError] = useState<unknown>(null);
  const latestRequest = useRef(0);

  const refetch = useCallback(() => {
    const request = ++latestRequest.current;
    api.orders().then(
      (list) => {
        if (request !== latestRequest.current) return;
        setError(null);
        dispatch({ type: 'loaded', orders: list });
      },
      (failure: unknown) => request === latestRequest.current && setError(failure),
    );
  }, [api]);

  useEffect(refetch, [refetch]);
  useOrderEvents(true, {
    onOpen: refetch,
    onStatus: (event) => {
      dispatch({ type: 'status', event });
      refetch();
    },
  });

  const waitingFor = state.newerThan;
  const placedOrderListed = waitingFor === undefined || (orders ?? []).some((order) => order.orderNumber > waitingFor);
  useEffect(() => {
    if (placedOrderListed) return undefined;
    let polls = 0;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > NEW_ORDER_POLL_LIMIT) clearInterval(timer);
      else refetch();
    }, NEW_ORDER_POLL_MS);
    return () => clearInterval(timer);
  }, [placedOrderListed, refetch]);
  useSignInWhenRefused(error);

  return (
    <section>
      <PageHeading>Orders</PageHeading>
      <StatusMessage message={state.flash} />
      {error ? <LoadFailure error={error} what="order list" /> : null}
      {orders === null && !error ? <Loading /> : null}
      {orders !== null && orders.length === 0 ? <p>You have no orders yet.</p> : null}
      {!placedOrderListed && orders !== null ? <p className="hint">Your new order will appear here in a moment…</p> : null}
      {orders !== null && orders.length > 0 ? (
        <div className="table-scroll">
          <table className="orders">
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Date</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.orderNumber}>
                  <th scope="row">
                    <Link to={`/orders/${order.orderNumber}`}>Order {order.orderNumber}</Link>
                  </th>
                  <td>{new Date(order.date).toLocaleString()}</td>
                  <td className={`status status-${order.status}`}>{order.status}</td>
                  <td>{formatPrice(order.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
