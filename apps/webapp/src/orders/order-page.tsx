import { useState } from 'react';
import type { Order } from '../api/types';
import { useApi } from '../app/contexts';
import { useSignInWhenRefused } from '../app/require-sign-in';
import { Link } from '../app/router';
import { formatCents, formatPrice, toCents } from '../money/money';
import { LoadFailure, Loading, PageHeading } from '../ui/feedback';
import { useLoad } from '../ui/use-load';
import { laterStatus, type OrderStatus } from './order-status';
import { useOrderEvents } from './use-order-events';

/** `/orders/:id`: one order; its status follows the saga live (SSE), announced politely. */
export function OrderPage({ id }: { readonly id: number }) {
  const api = useApi();
  const order = useLoad(String(id), () => api.order(id));
  // The newest status an event announced, until a fetch catches up with it.
  const [pushed, setPushed] = useState<{ id: number; status: OrderStatus } | null>(null);
  useOrderEvents(true, {
    onOpen: order.reload,
    onStatus: (event) => {
      if (event.orderId !== id) return;
      setPushed((current) => ({ id, status: current?.id === id ? laterStatus(current.status, event.status) : event.status }));
      order.reload();
    },
  });
  useSignInWhenRefused(order.error);

  const data: Order | undefined = order.data;
  const status = data && pushed?.id === id ? laterStatus(data.status, pushed.status) : data?.status;
  return (
    <section>
      <PageHeading>Order {id}</PageHeading>
      {order.loading ? <Loading /> : null}
      {order.error && !data ? <LoadFailure error={order.error} what="order" /> : null}
      {data && status ? (
        <>
          <p aria-live="polite" className={`order-status status-${status}`}>
            Status: {status}
          </p>
          <p>Placed {new Date(data.date).toLocaleString()}</p>
          <p className="address">
            Ship to {data.street}, {data.zipCode} {data.city}, {data.state}, {data.country}
          </p>
          <div className="table-scroll">
            <table className="order-lines">
              <caption className="visually-hidden">Order lines</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Unit price</th>
                  <th scope="col">Units</th>
                  <th scope="col">Subtotal</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((line) => (
                  <tr key={line.productId}>
                    <th scope="row">{line.productName}</th>
                    <td>{formatPrice(line.unitPrice)}</td>
                    <td>{line.units}</td>
                    <td>{formatCents(toCents(line.unitPrice) * line.units)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="total">Total: {formatPrice(data.total)}</p>
          <h2>History</h2>
          <ol className="status-history">
            {data.statusHistory.map((change) => (
              <li key={`${change.status}-${change.date}`}>
                {change.status} — {new Date(change.date).toLocaleString()}
                {change.reason ? ` (${change.reason})` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <Link to="/orders">Back to the order list</Link>
    </section>
  );
}
