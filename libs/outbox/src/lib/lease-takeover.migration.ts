import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first key of every relay's liveness lock, `pg_advisory_lock(class, key)`: "OBX1" in
 * ASCII. It is written into the claim function below, so it can never change; the relay takes
 * it from here (see relay-liveness.ts).
 */
export const RELAY_LIVENESS_LOCK_CLASS = 1_329_748_017;

/**
 * The claim with lease takeover. A row is due when
 * - it is `not_published` and its backoff ended, or `in_progress` and its lease ended (as
 *   before), or
 * - it is `in_progress`, was claimed at least `orphan_grace_ms` ago, and its `lease_owner`
 *   starts with the key of a liveness lock that no session holds any more: the relay that
 *   claimed it has died (Postgres ended its session, which released the lock) or has lost its
 *   liveness connection (and then publishes nothing it claimed under that key).
 *
 * `live` reads `pg_locks` once per call, and only when a row gets that far; the row test is a
 * lookup in its hashed result. The owner's key is parsed with a regular expression that yields
 * NULL, never an error, for owners in the old format (no key): those rows wait for their lease.
 * The plan stays pinned to an ordered scan of the pending index (see the first migration).
 */
const CLAIM_WITH_TAKEOVER = `
  CREATE FUNCTION integration_event_log_claim(
    batch_size integer, lease_ms double precision, owner text, orphan_grace_ms double precision)
  RETURNS TABLE (event_id uuid, seq bigint, event_name text, payload jsonb, traceparent text, attempts integer)
  LANGUAGE sql VOLATILE
  SET enable_bitmapscan = off SET enable_seqscan = off
  AS $$
    WITH live AS MATERIALIZED (
      SELECT k.objid::bigint AS relay_key FROM pg_locks k
      WHERE k.locktype = 'advisory' AND k.classid = ${RELAY_LIVENESS_LOCK_CLASS} AND k.objsubid = 2 AND k.granted
        AND k.database = (SELECT db.oid FROM pg_database db WHERE db.datname = current_database())
    ),
    due AS (
      SELECT d.event_id FROM integration_event_log d
      WHERE d.state IN ('not_published', 'in_progress')
        AND (d.next_attempt_at <= now()
          OR (d.state = 'in_progress'
            AND d.claimed_at <= now() - orphan_grace_ms * interval '1 millisecond'
            AND substring(d.lease_owner FROM '^([0-9]{1,10})/') IS NOT NULL
            AND substring(d.lease_owner FROM '^([0-9]{1,10})/')::bigint NOT IN (SELECT relay_key FROM live)))
      ORDER BY d.seq
      LIMIT batch_size
      FOR UPDATE SKIP LOCKED
    )
    UPDATE integration_event_log AS l
    SET state = 'in_progress',
        attempts = l.attempts + 1,
        next_attempt_at = now() + lease_ms * interval '1 millisecond',
        claimed_at = now(),
        lease_owner = owner
    FROM due WHERE l.event_id = due.event_id
    RETURNING l.event_id, l.seq, l.event_name, l.payload, l.traceparent, l.attempts
  $$`;

/**
 * Lease takeover (ADR 0002): `claimed_at` and the four-argument claim above.
 *
 * The three-argument claim of the first migration stays: relays of the previous release keep
 * working with it during a rolling deploy (their owners carry no key, so their rows fall back
 * to lease expiry, exactly as before). A later migration may drop it.
 */
export class OutboxLeaseTakeover1797000000000 implements MigrationInterface {
  readonly name = 'OutboxLeaseTakeover1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Nullable, no default: instant on a table of any size. NULL (rows claimed before this
    // migration) never passes the grace test, so those rows wait for their lease.
    await queryRunner.query(`ALTER TABLE integration_event_log ADD COLUMN claimed_at timestamptz`);
    await queryRunner.query(CLAIM_WITH_TAKEOVER);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION integration_event_log_claim(integer, double precision, text, double precision)`,
    );
    await queryRunner.query(`ALTER TABLE integration_event_log DROP COLUMN claimed_at`);
  }
}
