import {
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_REFUNDED,
  ORDER_PAYMENT_SUCCEEDED,
} from '@eshop/contracts';
import request from 'supertest';
import { waitFor } from '@eshop/testing';
import { PaymentRun, cancelled, stockConfirmed } from './payment-fixture';

// payment-api in-process on real Postgres and RabbitMQ: the test plays ordering (publishes
// StockConfirmed and Cancelled), reads payment's ledger and outbox, and a probe sees what
// the relay publishes. With EVENT_BUS_PREFETCH=1 and one instance, the copies are handled
// in order, so once a later event is recorded as handled every copy before it was too.
jest.setTimeout(180_000);

describe('payment-api ledger', () => {
  let run: PaymentRun;

  beforeEach(async () => {
    run = await PaymentRun.open();
  });
  afterEach(async () => {
    await run.close();
  });

  const results = (name: string, orderId: number) => run.probe.of(name, (body) => body['orderId'] === orderId);

  it('charges an order once under redelivery, across a restart', async () => {
    await run.startPayment({ EVENT_BUS_PREFETCH: '1' });
    const event = stockConfirmed(11, 59.97);
    for (const copy of [event, event, event, stockConfirmed(11, 59.97)]) await run.publishStockConfirmed(copy);
    const sentinel = stockConfirmed(12);
    await run.publishStockConfirmed(sentinel);
    await run.handled(sentinel.id);

    await run.stopPayments();
    await run.startPayment({ EVENT_BUS_PREFETCH: '1' });
    await run.publishStockConfirmed(event);
    const after = stockConfirmed(13);
    await run.publishStockConfirmed(after);
    await run.handled(after.id);

    expect(await run.ledger(11)).toEqual({ amount: '59.97', state: 'charged' });
    const written = await run.outbox(11);
    expect(written.map((row) => row.event_name)).toEqual([ORDER_PAYMENT_SUCCEEDED]);
    const published = await run.probe.next(ORDER_PAYMENT_SUCCEEDED, (body) => body['orderId'] === 11);
    expect(published.messageId).toBe(written[0]?.event_id);
    expect(results(ORDER_PAYMENT_FAILED, 11)).toEqual([]);
  });

  it('refunds a charged order once when it is cancelled, whatever the duplicates', async () => {
    await run.startPayment({ EVENT_BUS_PREFETCH: '1' });
    await run.publishStockConfirmed(stockConfirmed(21, 19.99));
    await waitFor(async () => (await run.ledger(21))?.state === 'charged', 'order 21 charged', 60_000);

    const cancel = cancelled(21);
    for (const copy of [cancel, cancel, cancelled(21)]) await run.publishCancelled(copy);
    const sentinel = cancelled(22);
    await run.publishCancelled(sentinel);
    await run.handled(sentinel.id);

    const refund = await run.probe.next(ORDER_PAYMENT_REFUNDED, (body) => body['orderId'] === 21);
    expect(refund.body).toMatchObject({ orderId: 21, amount: 19.99 });
    expect(await run.ledger(21)).toEqual({ amount: '19.99', state: 'refunded' });
    expect((await run.outbox(21)).map((row) => row.event_name)).toEqual([ORDER_PAYMENT_SUCCEEDED, ORDER_PAYMENT_REFUNDED]);
    // Order 22 was never charged: remembered as cancelled, nothing refunded.
    expect(await run.ledger(22)).toEqual({ amount: '0.00', state: 'cancelled-before-charge' });
    expect(await run.outbox(22)).toEqual([]);
  });

  it('never charges an order cancelled before its stock was confirmed', async () => {
    await run.startPayment();
    const cancel = cancelled(31);
    await run.publishCancelled(cancel);
    await run.handled(cancel.id);
    const late = stockConfirmed(31, 42.5);
    await run.publishStockConfirmed(late);
    await run.handled(late.id);

    expect(await run.ledger(31)).toEqual({ amount: '0.00', state: 'cancelled-before-charge' });
    expect(await run.outbox(31)).toEqual([]);
  });

  it('declines when PAYMENT_SUCCEEDS=false, and refunds nothing on the cancel that follows', async () => {
    await run.startPayment({ PAYMENT_SUCCEEDS: 'false' });
    await run.publishStockConfirmed(stockConfirmed(41));
    const failed = await run.probe.next(ORDER_PAYMENT_FAILED, (body) => body['orderId'] === 41);
    const cancel = cancelled(41);
    await run.publishCancelled(cancel);
    await run.handled(cancel.id);

    expect(await run.ledger(41)).toEqual({ amount: '0.00', state: 'declined' });
    expect((await run.outbox(41)).map((row) => row.event_id)).toEqual([failed.messageId]);
    expect(results(ORDER_PAYMENT_SUCCEEDED, 41)).toEqual([]);
  });

  it('never leaves a cancelled order charged when Cancelled races StockConfirmed on two instances', async () => {
    await Promise.all([run.startPayment(), run.startPayment()]);
    const orders = Array.from({ length: 20 }, (_, n) => 100 + n);
    const events = orders.flatMap((orderId) => [stockConfirmed(orderId, 10.01), cancelled(orderId)]);
    await Promise.all(events.map((event) => ('total' in event ? run.publishStockConfirmed(event) : run.publishCancelled(event))));
    for (const event of events) await run.handled(event.id);

    for (const orderId of orders) {
      const row = await run.ledger(orderId);
      const written = (await run.outbox(orderId)).map((e) => e.event_name);
      // Either charged then refunded (one result, one refund), or cancelled first: nothing at all.
      if (row?.state === 'refunded') expect({ orderId, row, written }).toEqual({ orderId, row: { amount: '10.01', state: 'refunded' }, written: [ORDER_PAYMENT_SUCCEEDED, ORDER_PAYMENT_REFUNDED] });
      else expect({ orderId, row, written }).toEqual({ orderId, row: { amount: '0.00', state: 'cancelled-before-charge' }, written: [] });
    }
  });

  it('is ready only while it consumes and reaches its database', async () => {
    const app = await run.startPayment();
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ info: { postgres: { status: 'up' }, rabbitmq: { status: 'up' } } });
  });
});
