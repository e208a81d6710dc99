import { randomUUID } from 'node:crypto';
import {
  GRACE_PERIOD_CONFIRMED,
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STARTED,
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  ORDER_STOCK_CONFIRMED,
  ORDER_STOCK_REJECTED,
  USER_CHECKOUT_ACCEPTED,
  newEventIdentity,
} from '@eshop/contracts';
import { uniqueName, waitFor } from '@eshop/testing';
import { OrderingRun, checkoutEvent, tokenFor } from './ordering-fixture';

// Ordering-api in-process on real Postgres and RabbitMQ; the test publishes what catalog,
// payment and basket would, and a probe sees what ordering publishes.
describe('ordering in the checkout saga', () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '200' });
  });
  afterAll(() => run?.stop());

  const ofOrder = (orderId: number) => (body: Record<string, unknown>) => body['orderId'] === orderId;
  const handled = async (consumer: string) =>
    Number((await run.sql<{ n: string }>('SELECT count(*) n FROM handled_integration_event WHERE consumer = $1', [consumer]))[0]?.n);

  /** A new buyer's checkout, through the grace period to awaitingvalidation. */
  async function orderAwaitingValidation(buyer = uniqueName('buyer')) {
    const orderId = await run.checkout({ userId: buyer, basket: { ...checkoutEvent().basket, buyerId: buyer } });
    const validation = await run.probe.next(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION, ofOrder(orderId));
    return { orderId, buyer, token: tokenFor(buyer), validation };
  }

  async function orderStockConfirmed() {
    const order = await orderAwaitingValidation();
    await run.publisher.publish(ORDER_STOCK_CONFIRMED, { ...newEventIdentity(), orderId: order.orderId });
    await run.probe.next(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, ofOrder(order.orderId));
    return order;
  }

  it('checkout → submitted + OrderStarted; grace period → awaitingvalidation with the stock items', async () => {
    const { orderId, buyer, token, validation } = await orderAwaitingValidation();

    expect(run.probe.of(ORDER_STARTED, ofOrder(orderId)).map((e) => e.body)).toEqual([
      expect.objectContaining({ userId: buyer, orderId }),
    ]);
    expect(validation.body).toMatchObject({
      orderId,
      orderStatus: 'awaitingvalidation',
      buyerName: 'Alice',
      orderStockItems: [
        { productId: 3, units: 3 },
        { productId: 8, units: 1 },
      ],
    });
    expect(run.probe.of(GRACE_PERIOD_CONFIRMED, ofOrder(orderId))).toHaveLength(1);
    // The worker stamped the order no earlier than the grace period after its date (DB clock).
    const [stamp] = await run.sql<{ waited: boolean }>(
      `SELECT grace_period_confirmed_at - order_date >= interval '200 milliseconds' AS waited FROM orders WHERE id = $1`,
      [orderId],
    );
    expect(stamp?.waited).toBe(true);
    const order = await run.waitForStatus(orderId, 'awaitingvalidation', token);
    expect(order.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation']);
  });

  it('stock confirmed → stockconfirmed; payment succeeded (an exact copy and a new-id copy too) → paid once', async () => {
    const { orderId, token } = await orderStockConfirmed();
    const success = { ...newEventIdentity(), orderId };
    await Promise.all([
      run.publisher.publish(ORDER_PAYMENT_SUCCEEDED, success),
      run.publisher.publish(ORDER_PAYMENT_SUCCEEDED, success),
      run.publisher.publish(ORDER_PAYMENT_SUCCEEDED, { ...newEventIdentity(), orderId }),
    ]);

    const order = await run.waitForStatus(orderId, 'paid', token);
    await waitFor(async () => (await handled('ordering-api:payment-succeeded')) >= 2, 'both event ids handled');
    const paid = await run.outbox(ORDER_STATUS_CHANGED_TO_PAID);
    expect(paid.filter((row) => row.payload['orderId'] === orderId)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ orderId, orderStockItems: [{ productId: 3, units: 3 }, { productId: 8, units: 1 }] }),
      }),
    ]);
    expect(order).toMatchObject({ total: 60.07, description: null });
    expect(order.statusHistory.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'stockconfirmed', 'paid']);
  });

  it('stock rejected → cancelled, naming the products, and OrderStatusChangedToCancelled', async () => {
    const { orderId, token } = await orderAwaitingValidation();
    await run.publisher.publish(ORDER_STOCK_REJECTED, {
      ...newEventIdentity(),
      orderId,
      orderStockItems: [
        { productId: 3, hasStock: true },
        { productId: 8, hasStock: false },
      ],
    });
    const cancelled = await run.probe.next(ORDER_STATUS_CHANGED_TO_CANCELLED, ofOrder(orderId));
    expect(cancelled.body).toMatchObject({ orderStatus: 'cancelled', reason: 'stock rejected: not enough stock for product 8' });
    const order = await run.waitForStatus(orderId, 'cancelled', token);
    expect(order.description).toBe('stock rejected: not enough stock for product 8');
    expect(order.statusHistory.at(-1)).toMatchObject({ status: 'cancelled', reason: order.description });
  });

  it('payment failed → cancelled with the reason', async () => {
    const { orderId, token } = await orderStockConfirmed();
    await run.publisher.publish(ORDER_PAYMENT_FAILED, { ...newEventIdentity(), orderId });
    const cancelled = await run.probe.next(ORDER_STATUS_CHANGED_TO_CANCELLED, ofOrder(orderId));
    expect(cancelled.body).toMatchObject({ orderStatus: 'cancelled', reason: 'payment failed' });
    await run.waitForStatus(orderId, 'cancelled', token);
  });

  it('the same checkout request id in six concurrent events (five ids + a redelivery) makes one order', async () => {
    const buyer = uniqueName('buyer');
    const first = checkoutEvent({ userId: buyer, requestId: randomUUID() });
    const copies = [first, first, ...Array.from({ length: 4 }, () => ({ ...first, ...newEventIdentity() }))];
    await Promise.all(copies.map((copy) => run.publisher.publish(USER_CHECKOUT_ACCEPTED, copy)));

    await waitFor(
      async () => (await run.sql('SELECT 1 FROM handled_integration_event WHERE event_id = ANY($1)', [copies.map((c) => c.id)])).length === 5,
      'all five event ids handled',
    );
    const orders = await run.sql<{ id: number }>('SELECT id FROM orders WHERE buyer_id = $1', [buyer]);
    expect(orders).toHaveLength(1);
    const started = await run.outbox(ORDER_STARTED);
    expect(started.filter((row) => row.payload['userId'] === buyer)).toHaveLength(1);
    const list = await run.http('get', '/api/orders', tokenFor(buyer)).expect(200);
    expect(list.body).toHaveLength(1);
  });

  it('one checkout request id used by two buyers makes each buyer their own order', async () => {
    const requestId = randomUUID();
    const checkoutOf = (buyer: string) =>
      run.checkout({ userId: buyer, requestId, basket: { ...checkoutEvent().basket, buyerId: buyer } });
    const [g, h] = [uniqueName('buyer'), uniqueName('buyer')];
    const ofG = await checkoutOf(g);
    const ofH = await checkoutOf(h);
    expect(ofH).not.toBe(ofG);
    await run.http('get', `/api/orders/${ofH}`, tokenFor(h)).expect(200);
    await run.http('get', `/api/orders/${ofG}`, tokenFor(h)).expect(404);
  });

  it('a payment result after the buyer cancelled is recorded and ignored: the order stays cancelled', async () => {
    const { orderId, token } = await orderStockConfirmed();
    await run
      .http('put', '/api/orders/cancel', token)
      .set('x-requestid', randomUUID())
      .send({ orderNumber: orderId })
      .expect(200, { orderNumber: orderId, status: 'cancelled' });
    const late = { ...newEventIdentity(), orderId };
    await run.publisher.publish(ORDER_PAYMENT_SUCCEEDED, late);

    await waitFor(
      async () => (await run.sql('SELECT 1 FROM handled_integration_event WHERE event_id = $1', [late.id])).length === 1,
      'the late payment result handled',
    );
    await run.waitForStatus(orderId, 'cancelled', token);
    const paid = await run.outbox(ORDER_STATUS_CHANGED_TO_PAID);
    expect(paid.filter((row) => row.payload['orderId'] === orderId)).toEqual([]);
    const cancelled = await run.probe.next(ORDER_STATUS_CHANGED_TO_CANCELLED, ofOrder(orderId));
    expect(cancelled.body['reason']).toBe('cancelled by the buyer');
  });
});
