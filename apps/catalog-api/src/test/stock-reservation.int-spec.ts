import { ORDER_STOCK_CONFIRMED } from '@eshop/contracts';
import { sleep, waitFor } from '@eshop/testing';
import { outboxRows, sql } from './catalog-fixture';
import { StockSaga, type Line } from './stock-saga-fixture';

const ORDERS = 30;
const STOCK = 7; // S < N
const SIDE_STOCK = 20;

// Issue 14 §1: no unit oversold under any concurrency. 30 orders race for 7 units on two
// catalog instances (real Postgres and RabbitMQ), every event delivered twice; then the
// compensations give units back and Paid converts what is left.
describe('stock reservation under concurrency', () => {
  let saga: StockSaga;
  let hot: { id: number };
  let side: { id: number };
  const confirmed: number[] = [];

  beforeAll(async () => {
    saga = await StockSaga.start('catalog_reservation');
    [hot, side] = [await saga.createItem(STOCK), await saga.createItem(SIDE_STOCK)];
  }, 180_000);
  afterAll(() => saga.stop());

  /** Every unit of a product is either available or held by a reserved/taken order. */
  async function expectConserved(product: { id: number }, initial: number): Promise<void> {
    const [available, reserved, taken] = [
      await saga.available(product.id),
      await saga.unitsIn('reserved', product.id),
      await saga.unitsIn('taken', product.id),
    ];
    expect(available).toBeGreaterThanOrEqual(0);
    expect((available ?? 0) + reserved + taken).toBe(initial);
  }

  it(`confirms exactly ${STOCK} of ${ORDERS} concurrent orders for ${STOCK} units, never below zero`, async () => {
    // Even orders also want the side product, listed FIRST: rows are still locked in id order.
    const lines = (i: number): Line[] =>
      i % 2 === 0 ? [{ productId: side.id, units: 1 }, { productId: hot.id, units: 1 }] : [{ productId: hot.id, units: 1 }];
    const events = Array.from({ length: ORDERS }, (_, i) => saga.awaitingValidation(1000 + i, lines(i)));
    let lowest = STOCK;
    // One sample at a time (each opens a connection): a 20 ms interval timer piled up
    // connections on a loaded machine until Postgres refused more ("too many clients").
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const stock = await saga.available(hot.id).catch(() => undefined);
        lowest = Math.min(lowest, stock ?? lowest);
        await sleep(20);
      }
    })();
    try {
      await Promise.all([...events, ...events].map(saga.publishValidation)); // each one twice
      await waitFor(async () => (await outboxRows(saga.db.url)).length >= ORDERS, 'a verdict per order', 150_000, 100);
      await saga.drained();
    } finally {
      sampling = false;
      await sampler;
    }

    const rows = await outboxRows(saga.db.url);
    expect(rows).toHaveLength(ORDERS); // one answer per order, whatever the copies
    confirmed.push(...rows.filter((row) => row.event_name === ORDER_STOCK_CONFIRMED).map((row) => row.payload['orderId'] as number));
    expect(confirmed).toHaveLength(STOCK);
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(await saga.available(hot.id)).toBe(0);
    expect(await saga.unitsIn('reserved', hot.id)).toBe(STOCK);
    await expectConserved(hot, STOCK);
    await expectConserved(side, SIDE_STOCK);
    const states = await sql<{ state: string; n: string }>(saga.db.url, 'SELECT state, count(*) AS n FROM stock_reservation GROUP BY state ORDER BY state');
    expect(states.map((row) => [row.state, Number(row.n)])).toEqual([['rejected', ORDERS - STOCK], ['reserved', STOCK]]);
    // 60 deliveries through two instances: generous on a loaded CI machine (it waits for conditions).
  }, 360_000);

  it('gives the units back when orders are cancelled: stock rejected, payment failed, buyer cancelled', async () => {
    const [paymentFailed, buyerCancelled] = confirmed.slice(0, 2) as [number, number];
    const rejected = Array.from({ length: ORDERS }, (_, i) => 1000 + i).find((id) => !confirmed.includes(id)) as number;
    const events = [
      saga.cancelled(paymentFailed, 'payment failed'),
      saga.cancelled(buyerCancelled, 'cancelled by the buyer'),
      saga.cancelled(rejected, 'stock rejected'),
    ];
    const again = saga.cancelled(paymentFailed, 'payment failed'); // a second Cancelled, another id
    await Promise.all([...events, ...events, again].map(saga.publishCancelled));
    await waitFor(async () => (await Promise.all([...events, again].map((e) => saga.handled(e.id)))).every(Boolean), 'every Cancelled handled', 60_000);
    await saga.drained();

    expect(await saga.available(hot.id)).toBe(2); // exactly the two reserved units, once each
    expect(await saga.reservationState(paymentFailed)).toBe('released');
    expect(await saga.reservationState(buyerCancelled)).toBe('released');
    expect(await saga.reservationState(rejected)).toBe('cancelled');
    await expectConserved(hot, STOCK);
    await expectConserved(side, SIDE_STOCK);
  }, 240_000);

  it('converts the remaining reservations on Paid: available stays, the units are taken for good', async () => {
    const payable = confirmed.slice(2);
    const events = payable.map((orderId) => saga.paid(orderId, [{ productId: hot.id, units: 1 }]));
    await Promise.all([...events, ...events].map(saga.publishPaid));
    await waitFor(async () => (await Promise.all(events.map((e) => saga.handled(e.id)))).every(Boolean), 'every Paid handled', 60_000);
    await saga.drained();

    expect(await saga.available(hot.id)).toBe(2);
    expect(await saga.unitsIn('taken', hot.id)).toBe(STOCK - 2);
    expect(await saga.unitsIn('reserved', hot.id)).toBe(0);
    await expectConserved(hot, STOCK);
  }, 240_000);
});
