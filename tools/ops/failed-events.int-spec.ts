import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import type { IntegrationEvent } from '@eshop/event-bus';
import { OutboxRelay, createRelayPool, outboxMigrations, type OutboxPublisher } from '@eshop/outbox';
import { createTestDatabase, priceChangedEvent, waitFor, type TestDatabase } from '@eshop/testing';
import { runCli } from './cli';
import type { FailedEvent } from './failed-events';

/**
 * The CLI against a real outbox: a migrated database and a real OutboxRelay whose publisher
 * fails, so the rows it gives up on are the rows the relay really writes. The relay polls
 * only once an hour: what it publishes after a requeue, the requeue's NOTIFY woke it for.
 */
const HOUR = 3_600_000;

class FlakyPublisher implements OutboxPublisher {
  broken = true;
  readonly published: string[] = [];

  async publishValidated(_name: string, event: IntegrationEvent): Promise<void> {
    if (this.broken) throw new Error('broker says no');
    this.published.push(event.id);
  }
}

let db: TestDatabase;
let client: Client;
let pool: Pool;
let relay: OutboxRelay;
let publisher: FlakyPublisher;

// One migrated database for the file (creating one costs seconds here); each test starts
// from an empty table with its own relay.
beforeAll(async () => {
  db = await createTestDatabase('ops_outbox');
  const dataSource = new DataSource({ type: 'postgres', url: db.url, migrations: outboxMigrations });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  client = new Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

beforeEach(async () => {
  await client.query('TRUNCATE integration_event_log');
  publisher = new FlakyPublisher();
  pool = createRelayPool(db.url, 1);
  relay = new OutboxRelay(pool, publisher, {
    maxAttempts: 1,
    concurrency: 1,
    pollIntervalMs: HOUR,
    retention: { enabled: false },
  });
  relay.start();
  await waitFor(() => relay.status().listening, 'relay LISTEN');
});

afterEach(async () => {
  await relay.stop();
  await pool.end();
});

async function ops(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const state = async (eventId: string) =>
  (await client.query<{ state: string; attempts: number; last_error: string | null; lease_owner: string | null; due: boolean }>(
    'SELECT state, attempts, last_error, lease_owner, next_attempt_at <= now() AS due FROM integration_event_log WHERE event_id = $1',
    [eventId],
  )).rows[0];

/** Saves events as the outbox writer would, and waits until the failing relay gave up on them. */
async function failedThroughTheRelay(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const event = priceChangedEvent();
    await client.query('INSERT INTO integration_event_log (event_id, event_name, payload) VALUES ($1, $2, $3)', [event.id, PRODUCT_PRICE_CHANGED, event]);
    ids.push(event.id);
    await waitFor(async () => (await state(event.id))?.state === 'failed', `event ${i} failed`);
  }
  return ids;
}

describe('ops outbox (against a real outbox table and relay)', () => {
  it('lists the failed rows with their error, oldest first, and nothing else', async () => {
    const ids = await failedThroughTheRelay(3);
    publisher.broken = false;
    const published = priceChangedEvent();
    await client.query('INSERT INTO integration_event_log (event_id, event_name, payload) VALUES ($1, $2, $3)', [published.id, PRODUCT_PRICE_CHANGED, published]);
    await waitFor(() => publisher.published.includes(published.id), 'a healthy row published');

    const json = await ops(['outbox', 'failed', '--database-url', db.url, '--json']);
    expect(json).toMatchObject({ code: 0, err: '' });
    const listing = JSON.parse(json.out) as { total: number; events: FailedEvent[] };
    expect(listing.total).toBe(3);
    expect(listing.events.map((e) => e.eventId)).toEqual(ids);
    expect(listing.events[0]).toMatchObject({ eventName: PRODUCT_PRICE_CHANGED, attempts: 1, lastError: 'Error: broker says no' });

    const table = await ops(['outbox', 'failed', '--limit', '2'], { DATABASE_URL: db.url });
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(/^EVENT ID\s+EVENT\s+ATTEMPTS\s+CREATED AT\s+LAST ERROR$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids[0]}  ${PRODUCT_PRICE_CHANGED}\\s+1\\s+\\S+Z  Error: broker says no$`));
    expect(lines.at(-1)).toBe('2 of 3 failed outbox events');
  });

  it('requeues one row, which the woken relay publishes; then all; refuses what is not failed', async () => {
    const ids = await failedThroughTheRelay(2);
    publisher.broken = false; // the cause is fixed

    const one = await ops(['outbox', 'requeue', '--database-url', db.url, '--id', ids[0] ?? '']);
    expect(one).toMatchObject({ code: 0, err: '' });
    expect(one.out.split('\n').at(-1)).toBe('requeued 1 event: the relay publishes them now');
    await waitFor(() => publisher.published.includes(ids[0] ?? ''), 'the requeued row published (woken by NOTIFY)');
    await waitFor(async () => (await state(ids[0] ?? ''))?.state === 'published', 'marked published');
    expect(await state(ids[1] ?? '')).toMatchObject({ state: 'failed', attempts: 1 });

    const again = await ops(['outbox', 'requeue', '--database-url', db.url, '--id', ids[0] ?? '']);
    expect(again).toEqual({ code: 1, out: '', err: `ops: event ${ids[0]} is published, not failed: left as it is` });
    const unknown = randomUUID();
    expect((await ops(['outbox', 'requeue', '--database-url', db.url, '--id', unknown])).err).toBe(`ops: no outbox row with event id ${unknown}`);

    await relay.stop(); // look at the requeued row before the relay takes it
    const all = await ops(['outbox', 'requeue', '--database-url', db.url, '--all', '--json']);
    expect(JSON.parse(all.out)).toEqual({ requeued: [{ eventId: ids[1], eventName: PRODUCT_PRICE_CHANGED }] });
    expect(await state(ids[1] ?? '')).toEqual({ state: 'not_published', attempts: 0, last_error: 'Error: broker says no', lease_owner: null, due: true });
    expect((await ops(['outbox', 'requeue', '--database-url', db.url, '--all'])).out).toBe('no failed outbox events to requeue');
  });

  it('says so when the database has no outbox table', async () => {
    const empty = await createTestDatabase('ops_no_outbox');
    try {
      expect(await ops(['outbox', 'failed', '--database-url', empty.url])).toEqual({
        code: 1,
        out: '',
        err: 'ops: no integration_event_log table here: point --database-url at a service database with an outbox (catalog, ordering)',
      });
    } finally {
      await empty.drop();
    }
  });
});
