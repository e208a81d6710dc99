import { waitFor } from '@eshop/testing';
import { type OutboxFixture, PRODUCT_PRICE_CHANGED, priceChanged, useOutboxFixture } from './outbox-fixture';

const HOUR = 3_600_000;

describe('OutboxRelay', () => {
  const fixture = useOutboxFixture('outbox_relay');
  let fx: OutboxFixture;
  beforeEach(() => (fx = fixture()));

  it('publishes a committed event once, with the contract properties, and marks it published', async () => {
    const bus = fx.bus();
    await bus.connect();
    const relay = fx.relay(bus);
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = priceChanged({ newPrice: 7.1, oldPrice: 9.99, version: 3 });
    await fx.save([event], traceparent);

    relay.start();
    await waitFor(async () => (await fx.row(event.id))?.state === 'published', 'row published');

    const messages = await fx.drain();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.properties).toMatchObject({
      messageId: event.id,
      type: PRODUCT_PRICE_CHANGED,
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { traceparent, 'x-attempt': 1 },
    });
    expect(messages[0]?.fields.routingKey).toBe(PRODUCT_PRICE_CHANGED);
    expect(JSON.parse(messages[0]?.content.toString() ?? '')).toEqual(event);
    expect(await fx.row(event.id)).toMatchObject({ attempts: 1, lease_owner: null, last_error: null });
    expect((await fx.row(event.id))?.published_at).toBeInstanceOf(Date);
  });

  it('publishes in sequence order', async () => {
    const bus = fx.bus();
    await bus.connect();
    const events = Array.from({ length: 30 }, () => priceChanged());
    for (const event of events) await fx.save([event]);

    const relay = fx.relay(bus, { concurrency: 1, batchSize: 7 });
    while ((await relay.relayBatch()) > 0);

    const ids = (await fx.drain()).map((m) => JSON.parse(m.content.toString()).id);
    expect(ids).toEqual(events.map((e) => e.id));
  });

  it('wakes on NOTIFY without waiting for the poll, also after its LISTEN connection was killed', async () => {
    const bus = fx.bus();
    await bus.connect();
    const relay = fx.relay(bus, { pollIntervalMs: HOUR, listenReconnectMs: 50 });
    relay.start();
    await waitFor(() => relay.status().listening, 'LISTEN');

    const first = priceChanged();
    await fx.save([first]);
    await waitFor(async () => (await fx.row(first.id))?.state === 'published', 'woken by NOTIFY');

    const killed = await fx.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
    );
    expect(killed).toHaveLength(1);
    await waitFor(() => !relay.status().listening, 'connection loss noticed');
    await waitFor(() => relay.status().listening, 'LISTEN re-established');

    const second = priceChanged();
    await fx.save([second]);
    await waitFor(async () => (await fx.row(second.id))?.state === 'published', 'woken again');
    expect(await fx.drain()).toHaveLength(2);
  });

  it('finds events by polling alone when notifications are off', async () => {
    const bus = fx.bus();
    await bus.connect();
    const relay = fx.relay(bus, { listen: false, pollIntervalMs: 50 });
    relay.start();
    const event = priceChanged();
    await fx.save([event]);

    await waitFor(async () => (await fx.row(event.id))?.state === 'published', 'polled');
    expect(relay.status().listening).toBe(false);
  });

  it('claims nothing while the broker is unreachable, then publishes once it is reachable', async () => {
    const away = fx.bus({ url: 'amqp://guest:guest@127.0.0.1:1' });
    void away.connect(200).catch(() => undefined);
    const blocked = fx.relay(away, { isBusReady: () => away.status().connected });
    const event = priceChanged();
    await fx.save([event]);

    expect(await blocked.relayBatch()).toBe(0);
    expect(await fx.row(event.id)).toMatchObject({ state: 'not_published', attempts: 0 });

    const bus = fx.bus();
    await bus.connect();
    const relay = fx.relay(bus, { isBusReady: () => bus.status().connected });
    expect(await relay.relayBatch()).toBe(1);
    expect(await fx.row(event.id)).toMatchObject({ state: 'published', attempts: 1 });
    expect(await fx.drain()).toHaveLength(1);
  });

  it('hands a claimed batch back uncounted when the bus goes away during the claim', async () => {
    const bus = fx.bus();
    await bus.connect();
    // Ready when the poll begins, away by the time the claim comes back.
    const answers = [true, false];
    const relay = fx.relay(bus, { isBusReady: () => answers.shift() ?? false });
    const event = priceChanged();
    await fx.save([event]);

    expect(await relay.relayBatch()).toBe(0);
    expect(await fx.row(event.id)).toMatchObject({ state: 'not_published', attempts: 0, lease_owner: null });
    expect(await fx.drain()).toEqual([]);
  });

  it('hands failed publishes back uncounted when the bus went away while publishing', async () => {
    const closed = fx.bus();
    await closed.connect();
    await closed.close(); // every publish now rejects
    // Ready at the poll and after the claim; away once the publishes have failed.
    const answers = [true, true, false];
    const relay = fx.relay(closed, { maxAttempts: 1, isBusReady: () => answers.shift() ?? false });
    const event = priceChanged();
    await fx.save([event]);

    expect(await relay.relayBatch()).toBe(1);
    // Not `failed` although maxAttempts is 1: the outage was the broker's, not the event's.
    const row = await fx.row(event.id);
    expect(row).toMatchObject({ state: 'not_published', attempts: 0, lease_owner: null });

    // Claimable at once (no backoff) when the broker is back.
    const bus = fx.bus();
    await bus.connect();
    expect(await fx.relay(bus).relayBatch()).toBe(1);
    expect(await fx.row(event.id)).toMatchObject({ state: 'published', attempts: 1 });
  });

  it('backs a row off on publish failure, fails it after maxAttempts, and publishes it after an operator reset', async () => {
    const closed = fx.bus();
    await closed.connect();
    await closed.close(); // every publish now rejects: nothing reaches the broker
    const failing = fx.relay(closed, { maxAttempts: 2, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    const event = priceChanged();
    await fx.save([event]);

    expect(await failing.relayBatch()).toBe(1);
    const backedOff = await fx.row(event.id);
    expect(backedOff).toMatchObject({ state: 'not_published', attempts: 1, lease_owner: null });
    expect(backedOff?.last_error).toContain('EventBusUnavailableError');
    expect(await failing.relayBatch()).toBe(0); // not due before its backoff ends

    await fx.dataSource.query(`UPDATE integration_event_log SET next_attempt_at = now()`);
    expect(await failing.relayBatch()).toBe(1);
    expect(await fx.row(event.id)).toMatchObject({ state: 'failed', attempts: 2 });
    await fx.dataSource.query(`UPDATE integration_event_log SET next_attempt_at = now()`);
    expect(await failing.relayBatch()).toBe(0); // failed rows wait for a human

    // The operator's reset, as documented in docs/patterns/outbox.md.
    await fx.dataSource.query(
      `UPDATE integration_event_log
       SET state = 'not_published', attempts = 0, next_attempt_at = now()
       WHERE state = 'failed'`,
    );
    const bus = fx.bus();
    await bus.connect();
    expect(await fx.relay(bus).relayBatch()).toBe(1);
    expect(await fx.row(event.id)).toMatchObject({ state: 'published', attempts: 1, last_error: null });
    expect(await fx.drain()).toHaveLength(1);
  });

  it('leaves rows under a live lease alone and takes over rows whose lease expired', async () => {
    const bus = fx.bus();
    await bus.connect();
    const relay = fx.relay(bus);
    const [leased, expired] = [priceChanged(), priceChanged()];
    await fx.save([leased, expired]);
    const takeLease = (id: string, leaseEnds: string) =>
      fx.dataSource.query(
        `UPDATE integration_event_log SET state = 'in_progress', attempts = 1,
           lease_owner = 'dead-relay#1', next_attempt_at = now() + $2::interval
         WHERE event_id = $1`,
        [id, leaseEnds],
      );
    await takeLease(leased.id, '1 hour');
    await takeLease(expired.id, '-1 second');

    expect(await relay.relayBatch()).toBe(1);

    expect(await fx.row(expired.id)).toMatchObject({ state: 'published', attempts: 2 });
    expect(await fx.row(leased.id)).toMatchObject({ state: 'in_progress', lease_owner: 'dead-relay#1' });
    const ids = (await fx.drain()).map((m) => m.properties.messageId);
    expect(ids).toEqual([expired.id]);
  });

  it('deletes published rows past the retention age in batches, and nothing else', async () => {
    const relay = fx.relay(fx.bus(), { retention: { maxAgeMs: HOUR, batchSize: 3 } });
    const old = Array.from({ length: 7 }, () => priceChanged());
    const [recent, pending, failed] = [priceChanged(), priceChanged(), priceChanged()];
    await fx.save([...old, recent, pending, failed]);
    const setState = (ids: string[], state: string, publishedAgo: string | null) =>
      fx.dataSource.query(
        `UPDATE integration_event_log SET state = $2,
           published_at = CASE WHEN $3::interval IS NULL THEN NULL ELSE now() - $3::interval END
         WHERE event_id = ANY($1::uuid[])`,
        [ids, state, publishedAgo],
      );
    await setState(old.map((e) => e.id), 'published', '2 hours');
    await setState([recent.id], 'published', '1 minute');
    await setState([failed.id], 'failed', null);

    expect(await relay.purgePublished()).toBe(7);

    const left = await fx.rows();
    expect(left.map((r) => [r.event_id, r.state])).toEqual([
      [recent.id, 'published'],
      [pending.id, 'not_published'],
      [failed.id, 'failed'],
    ]);
  });
});
