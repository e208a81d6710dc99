import { OutboxNotInTransactionError } from '../lib/outbox.errors';
import { type OutboxFixture, PRODUCT_PRICE_CHANGED, priceChanged, useOutboxFixture } from './outbox-fixture';

describe('OutboxWriter.saveEvent', () => {
  const fixture = useOutboxFixture('outbox_writer');
  let fx: OutboxFixture;
  beforeEach(() => (fx = fixture()));

  it('stores the event, its trace and the transaction id with the caller’s commit', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = priceChanged({ newPrice: 19.99, oldPrice: 24.5 });
    const txid = await fx.dataSource.transaction(async (manager) => {
      await fx.writer.saveEvent({ name: PRODUCT_PRICE_CHANGED, event, traceparent }, manager);
      const [{ id }] = await manager.query('SELECT pg_current_xact_id()::text AS id');
      return id as string;
    });

    const row = await fx.row(event.id);
    expect(row).toMatchObject({
      event_name: PRODUCT_PRICE_CHANGED,
      payload: event,
      traceparent,
      state: 'not_published',
      attempts: 0,
      last_error: null,
      published_at: null,
      transaction_id: txid,
    });
  });

  it('leaves no event when the transaction rolls back after saving it', async () => {
    const event = priceChanged();
    await expect(
      fx.dataSource.transaction(async (manager) => {
        await fx.writer.saveEvent({ name: PRODUCT_PRICE_CHANGED, event }, manager);
        throw new Error('the business write failed after the event was saved');
      }),
    ).rejects.toThrow('business write failed');

    expect(await fx.rows()).toEqual([]);
  });

  it('numbers events in insertion order and gives each a traceparent', async () => {
    const events = [priceChanged(), priceChanged(), priceChanged()];
    for (const event of events) await fx.save([event]);

    const rows = await fx.rows();
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (const row of rows) expect(row.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(
      fx.writer.saveEvent({ name: PRODUCT_PRICE_CHANGED, event: priceChanged() }, fx.dataSource.manager),
    ).rejects.toBeInstanceOf(OutboxNotInTransactionError);
    expect(await fx.rows()).toEqual([]);
  });

  it('refuses an event that breaks the contract, failing the business transaction', async () => {
    const invalid = priceChanged({ newPrice: 1.005 });
    await expect(fx.save([priceChanged(), invalid])).rejects.toThrow('newPrice');
    expect(await fx.rows()).toEqual([]);
  });
});
