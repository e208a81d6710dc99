import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { CreateIntegrationEventLog1735689600000 } from '../lib/integration-event-log.migration';
import { OutboxRelay } from '../lib/outbox-relay';
import { outboxMigrations } from '../lib/outbox-migrations';
import { createRelayPool } from '../lib/relay-pool';

describe('outbox migrations', () => {
  let db: TestDatabase;
  const opened: Array<{ destroy(): Promise<unknown> }> = [];
  beforeEach(async () => (db = await createTestDatabase('outbox_migrations')));
  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.destroy();
    await db.drop();
  });

  async function migrated(migrations: DataSource['options']['migrations']): Promise<DataSource> {
    const dataSource = await new DataSource({ type: 'postgres', url: db.url, migrations }).initialize();
    opened.push(dataSource);
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }

  it('upgrade a database of the previous release: its claims wait for their lease, its relays work', async () => {
    // The previous release: its table, its service's own inbox table, one row claimed by its relay.
    const before = await migrated([CreateIntegrationEventLog1735689600000]);
    await before.query(`
      CREATE TABLE handled_integration_event (
        consumer text NOT NULL, event_id uuid NOT NULL, event_name text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))`);
    await before.query(`INSERT INTO handled_integration_event (consumer, event_id, event_name) VALUES ('c', $1, 'E')`, [
      randomUUID(),
    ]);
    const save = (id: string) =>
      before.query(`INSERT INTO integration_event_log (event_id, event_name, payload) VALUES ($1, 'E', '{}')`, [id]);
    const [claimedBefore, claimedByOld, pending] = [randomUUID(), randomUUID(), randomUUID()];
    await save(claimedBefore);
    await before.query(`SELECT * FROM integration_event_log_claim(10, 3600000, 'old-host:1:abcdef#1')`);

    const after = await migrated(outboxMigrations);
    expect((await after.query('SELECT name FROM migrations ORDER BY id')).map((m: { name: string }) => m.name)).toEqual(
      outboxMigrations.map((m) => m.name),
    );
    expect(await after.query('SELECT count(*)::int AS n FROM handled_integration_event')).toEqual([{ n: 1 }]);
    // A relay of the previous release still claims with the three-argument function.
    await save(claimedByOld);
    const oldClaim = `SELECT event_id FROM integration_event_log_claim(1, 3600000, 'old-host:1:abcdef#2')`;
    expect(await after.query(oldClaim)).toEqual([{ event_id: claimedByOld }]);
    // A relay of this release leaves both under their lease (no key in their owner) and takes the rest.
    await save(pending);
    await after.query(`UPDATE integration_event_log SET claimed_at = now() - interval '1 hour' WHERE event_id = $1`, [
      claimedByOld,
    ]);
    const pool = createRelayPool(db.url, 1);
    opened.push({ destroy: () => pool.end() });
    const relay = new OutboxRelay(pool, { publishValidated: async () => undefined });
    opened.push({ destroy: () => relay.stop() });
    expect(await relay.relayBatch()).toBe(1);
    const states = await after.query(`SELECT event_id, state FROM integration_event_log ORDER BY seq`);
    expect(states).toEqual([
      { event_id: claimedBefore, state: 'in_progress' },
      { event_id: claimedByOld, state: 'in_progress' },
      { event_id: pending, state: 'published' },
    ]);
  });

  it('revert to the previous schema', async () => {
    const dataSource = await migrated(outboxMigrations);
    for (let n = 0; n < outboxMigrations.length - 1; n++) await dataSource.undoLastMigration({ transaction: 'each' });

    const claims = await dataSource.query(
      `SELECT pg_get_function_identity_arguments(oid) AS args FROM pg_proc
       WHERE proname = 'integration_event_log_claim'`,
    );
    expect(claims).toEqual([{ args: 'batch_size integer, lease_ms double precision, owner text' }]);
    const columns = await dataSource.query(
      `SELECT column_name FROM information_schema.columns
       WHERE table_name = 'integration_event_log' AND column_name = 'claimed_at'`,
    );
    expect(columns).toEqual([]);
    const indexes = `SELECT to_regclass('handled_integration_event_handled_at') AS a, to_regclass('integration_event_log_failed') AS b`;
    expect(await dataSource.query(indexes)).toEqual([{ a: null, b: null }]);
  });
});
