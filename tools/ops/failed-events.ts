import { Client } from 'pg';
import { OUTBOX_CHANNEL } from '@eshop/outbox';
import type { Selection } from './args';
import { OpsError } from './ops-error';

/** A row the relay gave up on (`state = 'failed'` after its last attempt). */
export interface FailedEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
}

export interface FailedListing {
  readonly total: number;
  readonly events: readonly FailedEvent[];
}

export interface RequeuedEvent {
  readonly eventId: string;
  readonly eventName: string;
}

interface FailedRow {
  event_id: string;
  event_name: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

const UNDEFINED_TABLE = '42P01';

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'eshop-ops' });
  await client.connect();
  try {
    return await work(client);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === UNDEFINED_TABLE) {
      throw new OpsError('no integration_event_log table here: point --database-url at a service database with an outbox (catalog, ordering)');
    }
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Failed rows in the relay's order (`seq`), oldest first, with how many there are in all. */
export function listFailed(databaseUrl: string, limit: number): Promise<FailedListing> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<FailedRow>(
      `SELECT event_id, event_name, attempts, last_error, created_at
       FROM integration_event_log WHERE state = 'failed' ORDER BY seq LIMIT $1`,
      [limit],
    );
    const count = await client.query<{ total: string }>(
      `SELECT count(*) AS total FROM integration_event_log WHERE state = 'failed'`,
    );
    return {
      total: Number(count.rows[0]?.total ?? rows.length),
      events: rows.map((row) => ({
        eventId: row.event_id,
        eventName: row.event_name,
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: row.created_at,
      })),
    };
  });
}

/**
 * Hands failed rows back to the relay: `not_published`, attempts 0 (a full new budget),
 * due now. `last_error` stays as a record until the relay publishes the row and clears it.
 * Only `failed` rows change: a row the relay still owns is never touched. The relay is woken
 * in the same transaction (NOTIFY is sent at commit; its insert trigger does not fire on an
 * update), so it need not wait for its next poll.
 */
export function requeueFailed(databaseUrl: string, selection: Selection): Promise<RequeuedEvent[]> {
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN');
    try {
      const byId = 'id' in selection;
      const { rows } = await client.query<{ event_id: string; event_name: string }>(
        `WITH requeued AS (
           UPDATE integration_event_log
           SET state = 'not_published', attempts = 0, next_attempt_at = now(), lease_owner = NULL
           WHERE state = 'failed' ${byId ? 'AND event_id = $1' : ''}
           RETURNING event_id, event_name, seq)
         SELECT event_id, event_name FROM requeued ORDER BY seq`,
        byId ? [selection.id] : [],
      );
      if (byId && rows.length === 0) throw await notRequeued(client, selection.id);
      if (rows.length > 0) await client.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
      await client.query('COMMIT');
      return rows.map((row) => ({ eventId: row.event_id, eventName: row.event_name }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/** Why `--id` matched nothing: an unknown id, or a row that is not failed. */
async function notRequeued(client: Client, eventId: string): Promise<OpsError> {
  const { rows } = await client.query<{ state: string }>('SELECT state FROM integration_event_log WHERE event_id = $1', [eventId]);
  const state = rows[0]?.state;
  return new OpsError(
    state === undefined ? `no outbox row with event id ${eventId}` : `event ${eventId} is ${state}, not failed: left as it is`,
  );
}
