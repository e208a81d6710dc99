import { ORDER_STOCK_CONFIRMED, ORDER_STOCK_REJECTED } from '@eshop/contracts';
import { waitFor } from '@eshop/testing';
import { outboxRows } from './catalog-fixture';
import { StockSaga } from './stock-saga-fixture';

// Catalog's stock steps one by one, two catalog instances sharing the queue (real Postgres and
// RabbitMQ). The test publishes what ordering would. Concurrency: stock-reservation.int-spec.ts.
// Waits for conditions with room for a loaded machine: two catalog instances answered the
// first validation after 5 s at load average 25, against the former 10 s limit.
const LIMIT_MS = 60_000;

describe('catalog stock handlers', () => {
  let saga: StockSaga;

  beforeAll(async () => {
    saga = await StockSaga.start('catalog_stock');
  }, 240_000);
  afterAll(() => saga.stop());

  it('reserves a validated order all or nothing, answering once with hasStock per product', async () => {
    const [a, b] = [await saga.createItem(5), await saga.createItem(1)];
    const inStock = saga.awaitingValidation(101, [{ productId: a.id, units: 5 }]);
    const short = saga.awaitingValidation(102, [
      { productId: a.id, units: 2 },
      { productId: b.id, units: 3 },
      { productId: 999_999, units: 1 },
    ]);
    await Promise.all([inStock, inStock, short, short].map(saga.publishValidation));

    await waitFor(async () => (await saga.verdicts(101)).length > 0 && (await saga.verdicts(102)).length > 0, 'both verdicts', LIMIT_MS);
    await saga.drained();
    await waitFor(async () => (await outboxRows(saga.db.url)).every((row) => row.state === 'published'), 'verdicts published', LIMIT_MS);
    const [confirmed, rejected] = [await saga.verdicts(101), await saga.verdicts(102)];
    expect(confirmed.map((row) => row.event_name)).toEqual([ORDER_STOCK_CONFIRMED]);
    expect(rejected.map((row) => row.event_name)).toEqual([ORDER_STOCK_REJECTED]);
    // Two instances take the copies in parallel: whichever order came first decides a's answer.
    // Handled after 101, the 5 units are gone; handled first, a had them (102 still fails on b).
    const bySeq = (await outboxRows(saga.db.url)).map((row) => row.payload['orderId']);
    const rejectedFirst = bySeq.indexOf(102) < bySeq.indexOf(101);
    expect(rejected[0]?.payload['orderStockItems']).toEqual([
      { productId: a.id, hasStock: rejectedFirst },
      { productId: b.id, hasStock: false },
      { productId: 999_999, hasStock: false },
    ]);
    // 101 holds a's 5 units; 102 holds nothing, not even the b unit it could have had.
    expect([await saga.available(a.id), await saga.available(b.id)]).toEqual([0, 1]);
    expect([await saga.reservationState(101), await saga.reservationState(102)]).toEqual(['reserved', 'rejected']);
  }, 240_000);

  it('converts a reservation on Paid once: the stock stays down, the reservation is taken', async () => {
    const [a, b] = [await saga.createItem(10), await saga.createItem(3)];
    const lines = [{ productId: b.id, units: 2 }, { productId: a.id, units: 4 }];
    await saga.publishValidation(saga.awaitingValidation(103, lines));
    await waitFor(async () => (await saga.reservationState(103)) === 'reserved', 'order 103 reserved', LIMIT_MS);

    const paid = saga.paid(103, lines);
    const paidAgain = saga.paid(103, lines); // ordering publishing Paid twice (another event id)
    await Promise.all([...Array.from({ length: 4 }, () => paid), paidAgain].map(saga.publishPaid));
    await waitFor(async () => (await saga.handled(paid.id)) && (await saga.handled(paidAgain.id)), 'both Paid events handled', LIMIT_MS);
    await saga.drained();
    expect([await saga.available(a.id), await saga.available(b.id)]).toEqual([6, 1]);
    expect(await saga.reservationState(103)).toBe('taken');

    // A Cancelled after Paid (not in the saga, but harmless): a paid order keeps its units.
    const late = saga.cancelled(103, 'buyer cancelled');
    await saga.publishCancelled(late);
    await waitFor(() => saga.handled(late.id), 'the late Cancelled handled', LIMIT_MS);
    expect([await saga.available(a.id), await saga.reservationState(103)]).toEqual([6, 'taken']);
  }, 240_000);

  it('takes a Paid order with no reservation (validated before reservations) from what is left, never below 0', async () => {
    const a = await saga.createItem(2);
    const paid = saga.paid(104, [{ productId: a.id, units: 5 }]);
    await saga.publishPaid(paid);
    await waitFor(() => saga.handled(paid.id), 'the paid event handled', LIMIT_MS);
    expect([await saga.available(a.id), await saga.reservationState(104), await saga.unitsIn('taken', a.id)]).toEqual([0, 'taken', 2]);
  }, 240_000);

  it('records a Cancelled that arrives before the validation: the late validation holds nothing', async () => {
    const a = await saga.createItem(4);
    const cancelled = saga.cancelled(105, 'buyer cancelled');
    await saga.publishCancelled(cancelled);
    await waitFor(() => saga.handled(cancelled.id), 'the Cancelled handled', LIMIT_MS);
    expect(await saga.reservationState(105)).toBe('cancelled');

    const validation = saga.awaitingValidation(105, [{ productId: a.id, units: 3 }]);
    await saga.publishValidation(validation);
    await waitFor(() => saga.handled(validation.id), 'the late validation handled', LIMIT_MS);
    expect([await saga.available(a.id), await saga.reservationState(105)]).toEqual([4, 'cancelled']);
    expect(await saga.verdicts(105)).toEqual([]); // the order is cancelled: nobody waits for an answer
  }, 240_000);
});
