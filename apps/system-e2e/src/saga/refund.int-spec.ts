import { Client } from 'pg';
import {
  ORDER_PAYMENT_REFUNDED,
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
} from '@eshop/contracts';
import { uniqueName, waitFor } from '@eshop/testing';
import type { EventTap } from '../support/event-tap';
import { parkedMessages, waitUntilSettled } from '../support/settle';
import type { OrderView, Shop } from '../support/shop';
import type { TestSystem } from '../support/system';
import { useSystem } from '../support/use-system';

type RefundedOrder = OrderView & { refundedAmount: number };

// The refund leg of the saga (docs/adr/0013-payment-ledger-and-refunds.md), four services as
// processes on real Postgres and RabbitMQ: payment keeps a ledger, refunds what it charged
// for an order cancelled afterwards, and never charges an order cancelled before.
describe('refunds: payment and cancellation racing', () => {
  let system: TestSystem;
  let shop: Shop;
  let tap: EventTap;
  const tally = { orders: 0, refunded: 0, charged: 0, mismatched: 0 };
  useSystem(['catalog-api', 'basket-api', 'ordering-api', 'payment-api'], (started) => ({ system, shop, tap } = started));
  afterEach(async () => {
    if (system) expect(await parkedMessages(system)).toBe(0);
  });
  afterAll(() => {
    console.log(`refund: orders=${tally.orders} refunded=${tally.refunded} charged=${tally.charged} mismatched=${tally.mismatched}`);
  });

  const ofOrder = (orderId: number) => (body: Record<string, unknown>) => body['orderId'] === orderId;

  async function order(buyer: string, orderNumber: number): Promise<RefundedOrder> {
    const reply = await shop.http<RefundedOrder>('ordering-api', 'GET', `/api/orders/${orderNumber}`, { buyer });
    return reply.body;
  }

  /** payment-api's ledger row of an order (its own database). */
  async function ledger(orderId: number): Promise<{ state: string; amount: string } | undefined> {
    const client = new Client({ connectionString: system.database('payment-api').url });
    await client.connect();
    try {
      const { rows } = await client.query<{ state: string; amount: string }>(
        'SELECT state, amount::text AS amount FROM payment WHERE order_id = $1',
        [orderId],
      );
      return rows[0];
    } finally {
      await client.end();
    }
  }

  function count(orderNumber: number, refundedAmount: number, expected: number): void {
    tally.orders++;
    tally.charged += tap.of(ORDER_PAYMENT_SUCCEEDED, ofOrder(orderNumber)).length;
    tally.refunded += tap.of(ORDER_PAYMENT_REFUNDED, ofOrder(orderNumber)).length;
    if (refundedAmount !== expected) tally.mismatched++;
  }

  it('payment succeeds after the buyer cancelled: the order ends cancelled, refunded its total, once', async () => {
    const product = await shop.createProduct({ stock: 8, price: 33.35 });
    const buyer = uniqueName('buyer');
    await system.stopInstance('payment-api');
    let orderNumber = 0;
    try {
      expect((await shop.checkout(buyer, [{ product, quantity: 3 }])).status).toBe(202);
      orderNumber = await shop.theOrderOf(buyer);
      await shop.waitForStatus(buyer, orderNumber, 'stockconfirmed');
      // StockConfirmed is in payment's queue before the cancel is even sent.
      await waitFor(() => tap.of(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, ofOrder(orderNumber)).length > 0, 'StockConfirmed published', 30_000);
      expect((await shop.orderCommand(buyer, 'cancel', orderNumber)).status).toBe(200);
      await waitFor(() => tap.of(ORDER_STATUS_CHANGED_TO_CANCELLED, ofOrder(orderNumber)).length > 0, 'Cancelled published', 30_000);
    } finally {
      // One delivery at a time: payment takes the StockConfirmed queued first, then the
      // Cancelled, which is the race under test (charged, then the order turned out cancelled).
      await system.startInstance('payment-api', { EVENT_BUS_PREFETCH: '1' });
    }

    const refunded = await waitFor(async () => {
      const view = await order(buyer, orderNumber);
      return view.refundedAmount > 0 ? view : undefined;
    }, `order ${orderNumber} refunded`, 60_000);
    await waitUntilSettled(system, tap);

    expect(refunded.status).toBe('cancelled');
    expect(refunded.total).toBe(100.05); // 3 × 33.35, exact cents
    expect(refunded.refundedAmount).toBe(refunded.total);
    expect(tap.of(ORDER_PAYMENT_SUCCEEDED, ofOrder(orderNumber))).toHaveLength(1);
    expect(tap.of(ORDER_PAYMENT_REFUNDED, ofOrder(orderNumber)).map((e) => e.body['amount'])).toEqual([100.05]);
    expect(await ledger(orderNumber)).toEqual({ state: 'refunded', amount: '100.05' });
    expect(await shop.stockOf(product.id)).toBe(8);
    count(orderNumber, refunded.refundedAmount, refunded.total);
  }, 240_000);

  it('cancelled before its stock was confirmed: never charged, nothing refunded', async () => {
    // A long grace period keeps the order `submitted` until the buyer cancels it.
    await system.stopInstance('ordering-api');
    await system.startInstance('ordering-api', { GRACE_PERIOD_MS: '600000' });
    const product = await shop.createProduct({ stock: 5, price: 12.4 });
    const buyer = uniqueName('buyer');

    expect((await shop.checkout(buyer, [{ product, quantity: 2 }])).status).toBe(202);
    const orderNumber = await shop.theOrderOf(buyer);
    expect((await shop.orderCommand(buyer, 'cancel', orderNumber)).status).toBe(200);
    // Payment heard of the cancel and remembers the order, so no later StockConfirmed charges it.
    await waitFor(async () => (await ledger(orderNumber))?.state === 'cancelled-before-charge', 'payment to remember the cancel', 60_000);
    await waitUntilSettled(system, tap);

    const cancelled = await order(buyer, orderNumber);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.refundedAmount).toBe(0);
    expect(tap.of(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, ofOrder(orderNumber))).toEqual([]);
    expect(tap.of(ORDER_PAYMENT_SUCCEEDED, ofOrder(orderNumber))).toEqual([]);
    expect(tap.of(ORDER_PAYMENT_REFUNDED, ofOrder(orderNumber))).toEqual([]);
    expect(await shop.stockOf(product.id)).toBe(5);
    count(orderNumber, cancelled.refundedAmount, 0);
  }, 240_000);
});
