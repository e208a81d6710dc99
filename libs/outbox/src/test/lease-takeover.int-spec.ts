import type { IntegrationEvent } from '@eshop/event-bus';
import { waitFor } from '@eshop/testing';
import type { OutboxPublisher } from '../lib/outbox.types';
import { type OutboxFixture, ownerKey, priceChanged, useOutboxFixture } from './outbox-fixture';

const HOUR = 3_600_000;

/** A relay that hangs in its publishes: claimed and never marked, like one that died mid-batch. */
class StuckPublisher implements OutboxPublisher {
  readonly calls: string[] = [];

  publishValidated(_name: string, event: IntegrationEvent): Promise<void> {
    this.calls.push(event.id);
    return new Promise<void>(() => undefined);
  }
}

describe('lease takeover', () => {
  const fixture = useOutboxFixture('outbox_takeover');
  let fx: OutboxFixture;
  beforeEach(() => (fx = fixture()));

  /** Lets a relay with a stuck publisher claim every pending row; returns the key it claimed under. */
  async function claimAndHang(count: number): Promise<{ key: number; ids: string[] }> {
    const events = Array.from({ length: count }, () => priceChanged());
    await fx.save(events);
    const stuck = new StuckPublisher();
    void fx.relay(stuck).relayBatch();
    await waitFor(() => stuck.calls.length === count, 'the doomed relay to claim and start publishing');
    const rows = await fx.rows();
    expect(rows.every((row) => row.state === 'in_progress' && row.attempts === 1)).toBe(true);
    const key = ownerKey(rows[0]?.lease_owner);
    expect(rows.every((row) => ownerKey(row.lease_owner) === key)).toBe(true);
    return { key, ids: events.map((e) => e.id) };
  }

  it('a replacement publishes the rows of a relay that died after claiming them, long before the lease', async () => {
    const { key, ids } = await claimAndHang(5);
    const diedAt = Date.now();
    await fx.killLiveness(key); // what Postgres does when the relay's process is killed

    const bus = fx.bus();
    await bus.connect();
    const replacement = fx.relay(bus);
    const startedAt = Date.now();
    replacement.start();
    await waitFor(
      async () => (await fx.rows()).every((row) => row.state === 'published'),
      'the replacement to take the rows over',
      replacement.options.leaseMs,
    );
    const afterStart = Date.now() - startedAt;
    const afterDeath = Date.now() - diedAt;
    console.log(
      `lease takeover: published ${afterStart} ms after the replacement started, ` +
        `${afterDeath} ms after the claiming relay died ` +
        `(orphan grace ${replacement.options.orphanGraceMs} ms, lease ${replacement.options.leaseMs} ms)`,
    );

    expect(afterDeath).toBeLessThan(replacement.options.leaseMs / 2);
    expect((await fx.rows()).map((row) => row.attempts)).toEqual([2, 2, 2, 2, 2]);
    // Every row once; a batch publishes its rows concurrently, so their order is not fixed.
    expect((await fx.drain()).map((m) => m.properties.messageId).sort()).toEqual([...ids].sort());
  });

  it('never takes the rows of a live relay, however old its claim; takes them once its lock is gone', async () => {
    const { key } = await claimAndHang(3);
    // Backdate the claim past any grace: from now on only the lock protects the rows.
    await fx.dataSource.query(`UPDATE integration_event_log SET claimed_at = now() - interval '1 hour'`);
    const owners = (await fx.rows()).map((row) => row.lease_owner);
    const bus = fx.bus();
    await bus.connect();
    const other = fx.relay(bus);

    expect(await other.relayBatch()).toBe(0);
    expect((await fx.rows()).map((row) => row.lease_owner)).toEqual(owners);

    await fx.killLiveness(key);
    expect(await other.relayBatch()).toBe(3);
    expect((await fx.rows()).every((row) => row.state === 'published' && row.attempts === 2)).toBe(true);
    expect(await fx.drain()).toHaveLength(3);
  });

  it('leaves orphans alone within the grace, and rows of older relays (no key) until their lease ends', async () => {
    const bus = fx.bus();
    await bus.connect();
    const relay = fx.relay(bus);
    expect(await relay.relayBatch()).toBe(0); // takes its own liveness lock
    const deadKey = 1;
    expect(await fx.liveKeys()).not.toContain(deadKey);
    const [legacy, fresh, orphan] = [priceChanged(), priceChanged(), priceChanged()];
    await fx.save([legacy, fresh, orphan]);
    const claim = (id: string, owner: string, claimedAgo: string) =>
      fx.dataSource.query(
        `UPDATE integration_event_log SET state = 'in_progress', attempts = 1, lease_owner = $2,
           claimed_at = now() - $3::interval, next_attempt_at = now() + interval '1 hour'
         WHERE event_id = $1`,
        [id, owner, claimedAgo],
      );
    await claim(legacy.id, 'old-relay:1:abcdef#1', '1 hour');
    await claim(fresh.id, `${deadKey}/gone#1`, '0 seconds');
    await claim(orphan.id, `${deadKey}/gone#2`, '10 seconds');

    expect(await relay.relayBatch()).toBe(1);

    expect(await fx.row(orphan.id)).toMatchObject({ state: 'published', attempts: 2 });
    expect(await fx.row(fresh.id)).toMatchObject({ state: 'in_progress', lease_owner: `${deadKey}/gone#1` });
    expect(await fx.row(legacy.id)).toMatchObject({ state: 'in_progress', lease_owner: 'old-relay:1:abcdef#1' });
  });

  it('hands a batch back unpublished when it lost its lock during the claim, or the claim came back late', async () => {
    const publishes: string[] = [];
    const mustNotPublish: OutboxPublisher = {
      publishValidated: (_name, event) => {
        publishes.push(event.id);
        return Promise.reject(new Error('a handed-back batch must not be published'));
      },
    };
    const relay = fx.relay(mustNotPublish, { orphanGraceMs: HOUR, livenessReconnectMs: HOUR });
    expect(await relay.relayBatch()).toBe(0); // takes its lock; nothing to claim yet
    const [key] = await fx.liveKeys();
    // Slow the claim down (only the claim: not_published → in_progress) to lose the lock meanwhile.
    await fx.dataSource.query(`
      CREATE FUNCTION slow_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$`);
    await fx.dataSource.query(`
      CREATE TRIGGER slow_claim BEFORE UPDATE ON integration_event_log FOR EACH ROW
      WHEN (OLD.state = 'not_published' AND NEW.state = 'in_progress') EXECUTE FUNCTION slow_claim()`);
    const event = priceChanged();
    await fx.save([event]);
    const handedBack = { state: 'not_published', attempts: 0, lease_owner: null };

    const batch = relay.relayBatch();
    await waitFor(
      async () =>
        (
          await fx.dataSource.query(
            `SELECT 1 FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
               AND query LIKE 'SELECT * FROM integration_event_log_claim%'`,
          )
        ).length === 1,
      'the claim to be under way',
    );
    await fx.killLiveness(key as number);
    await waitFor(() => !relay.status().alive, 'the relay to notice');
    expect(await batch).toBe(0);
    expect(await fx.row(event.id)).toMatchObject(handedBack);

    // A claim slower than a fifth of the grace (200 ms here) is handed back as well.
    expect(await fx.relay(mustNotPublish, { orphanGraceMs: 1_000 }).relayBatch()).toBe(0);
    expect(await fx.row(event.id)).toMatchObject(handedBack);
    expect(publishes).toEqual([]);
  });

  it('claims nothing while its liveness session is gone, and goes on under a new key once it is back', async () => {
    const bus = fx.bus();
    await bus.connect();
    const slow = fx.relay(bus, { livenessReconnectMs: HOUR }); // does not come back in this test
    expect(await slow.relayBatch()).toBe(0);
    const [slowKey] = await fx.liveKeys();
    await fx.killLiveness(slowKey as number);
    await waitFor(() => !slow.status().alive, 'the relay to notice the loss');
    const first = priceChanged();
    await fx.save([first]);

    expect(await slow.relayBatch()).toBe(0);
    expect(await fx.row(first.id)).toMatchObject({ state: 'not_published', attempts: 0 });

    const quick = fx.relay(bus, { livenessReconnectMs: 50, pollIntervalMs: HOUR });
    quick.start();
    await waitFor(async () => (await fx.row(first.id))?.state === 'published', 'the other relay to publish');
    const [quickKey] = await fx.liveKeys();
    await fx.killLiveness(quickKey as number);
    const [newKey] = await waitFor(async () => {
      const keys = await fx.liveKeys();
      return keys.length === 1 ? keys : undefined;
    }, 'a new liveness lock');
    expect(newKey).not.toBe(quickKey);
    await waitFor(() => quick.status().alive, 'the relay to adopt its new lock');
    const second = priceChanged();
    await fx.save([second]);
    await waitFor(async () => (await fx.row(second.id))?.state === 'published', 'published under the new key');
    expect((await fx.drain()).map((m) => m.properties.messageId)).toEqual([first.id, second.id]);
  });
});
