import {
  ORDER_PAYMENT_REFUNDED,
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  ORDER_STOCK_CONFIRMED,
  newEventIdentity,
} from '@eshop/contracts';
import { uniqueName, waitFor } from '@eshop/testing';
import { OrderingRun, checkoutEvent, tokenFor } from './ordering-fixture';

// Ordering-api in-process on real Postgres and RabbitMQ; the test plays catalog and payment.
// EVENT_BUS_PREFETCH=1 and one instance: deliveries are handled one after the other, so once
// a later event has taken effect every copy published before it was handled.
jest.setTimeout(180_000);

describe('ordering records refunds', () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '0', EVENT_BUS_PREFETCH: '1' });
  });
  afterAll(() => run?.stop());

  const ofOrder = (orderId: number) => (body: Record<string, unknown>) => body['orderId'] === orderId;

  /** A buyer's order moved to stockconfirmed, then cancelled by the buyer through the API. */
  async function cancelledAfterStockConfirmed() {
    const buyer = uniqueName('buyer');
    const token = tokenFor(buyer);
    const orderId = await run.checkout({ userId: buyer, basket: { ...checkoutEvent().basket, buyerId: buyer } });
    await run.probe.next(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION, ofOrder(orderId));
    await run.publisher.publish(ORDER_STOCK_CONFIRMED, { ...newEventIdentity(), orderId });
    const confirmed = await run.probe.next(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, ofOrder(orderId));
    const cancel = await run
      .http('put', '/api/orders/cancel', token)
      .set('x-requestid', newEventIdentity().id)
      .send({ orderNumber: orderId });
    expect(cancel.status).toBe(200);
    return { orderId, token, total: confirmed.body['total'] as number };
  }

  it('puts the order total on StockConfirmed, and records one refund however often it is delivered', async () => {
    const first = await cancelledAfterStockConfirmed();
    // 3 × 19.99 + 1 × 0.10 (checkoutEvent's basket), exactly.
    expect(first.total).toBe(60.07);
    const refund = { ...newEventIdentity(), orderId: first.orderId, amount: first.total };
    for (let copy = 0; copy < 3; copy++) await run.publisher.publish(ORDER_PAYMENT_REFUNDED, refund);

    const second = await cancelledAfterStockConfirmed();
    await run.publisher.publish(ORDER_PAYMENT_REFUNDED, { ...newEventIdentity(), orderId: second.orderId, amount: 12.5 });
    // The later event took effect: every copy of the first refund was handled before it.
    await refunded(second.orderId, second.token, 12.5);

    const order = await run.waitForStatus(first.orderId, 'cancelled', first.token);
    expect(order.refundedAmount).toBe(60.07);
    const [row] = await run.sql<{ refunded: string }>('SELECT refunded_amount::text AS refunded FROM orders WHERE id = $1', [
      first.orderId,
    ]);
    expect(row?.refunded).toBe('60.07');
  });

  it('shows refundedAmount 0 on an order never refunded', async () => {
    const { orderId, token } = await cancelledAfterStockConfirmed();
    expect((await run.waitForStatus(orderId, 'cancelled', token)).refundedAmount).toBe(0);
  });

  async function refunded(orderId: number, token: string, amount: number): Promise<void> {
    await waitFor(async () => {
      const { body } = (await run.http('get', `/api/orders/${orderId}`, token)) as { body: { refundedAmount?: number } };
      return body.refundedAmount === amount;
    }, `order ${orderId} refunded ${amount}`, 60_000);
  }
});
