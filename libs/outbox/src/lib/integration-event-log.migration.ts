import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay's claim, as a function so that it can pin its plan: an ordered scan of the
 * pending index that stops after `batch_size` rows. Left to itself, the planner picks a
 * bitmap scan + sort whenever its statistics lag behind a burst of inserts; a bitmap scan
 * walks every dead index entry on every call (it never marks them dead), which made a
 * one-row claim cost milliseconds on a churning table.
 *
 * SKIP LOCKED makes concurrent relays take disjoint rows without waiting for each other;
 * `next_attempt_at` becomes the lease's end, after which another relay may take the row.
 */
const CLAIM_FUNCTION = `
  CREATE FUNCTION integration_event_log_claim(batch_size integer, lease_ms double precision, owner text)
  RETURNS TABLE (event_id uuid, seq bigint, event_name text, payload jsonb, traceparent text, attempts integer)
  LANGUAGE sql VOLATILE
  SET enable_bitmapscan = off SET enable_seqscan = off
  AS $$
    WITH due AS (
      SELECT d.event_id FROM integration_event_log d
      WHERE d.state IN ('not_published', 'in_progress') AND d.next_attempt_at <= now()
      ORDER BY d.seq
      LIMIT batch_size
      FOR UPDATE SKIP LOCKED
    )
    UPDATE integration_event_log AS l
    SET state = 'in_progress',
        attempts = l.attempts + 1,
        next_attempt_at = now() + lease_ms * interval '1 millisecond',
        lease_owner = owner
    FROM due WHERE l.event_id = due.event_id
    RETURNING l.event_id, l.seq, l.event_name, l.payload, l.traceparent, l.attempts
  $$`;

/**
 * The outbox table. Add this class to a service's TypeORM `migrations` (after its own
 * tables); the outbox never relies on `synchronize`.
 *
 * - `seq` orders the relay's work (an identity: insertion order, not commit order).
 * - `next_attempt_at` is when a row may next be claimed: for `not_published` the backoff,
 *   for `in_progress` the end of the claiming relay's lease. One column for both.
 * - `lease_owner` identifies the claim, so a relay whose lease expired cannot overwrite
 *   the outcome of the relay that took the row over.
 * - The statement-level insert trigger notifies the relays at commit (NOTIFY is
 *   transactional: a rolled-back insert wakes nobody, and one commit sends one notification).
 */
export class CreateIntegrationEventLog1735689600000 implements MigrationInterface {
  readonly name = 'CreateIntegrationEventLog1735689600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE integration_event_log (
        event_id        uuid PRIMARY KEY,
        seq             bigint GENERATED ALWAYS AS IDENTITY,
        event_name      text NOT NULL,
        payload         jsonb NOT NULL,
        traceparent     text,
        state           text NOT NULL DEFAULT 'not_published'
          CONSTRAINT integration_event_log_state_check
          CHECK (state IN ('not_published', 'in_progress', 'published', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_owner     text,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        published_at    timestamptz,
        transaction_id  bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)
      )`);
    // The relay's path through the table: pending rows in seq order. Rows leave this
    // partial index when published, so it stays as small as the backlog (plus dead entries
    // until vacuum, hence the eager autovacuum below).
    await queryRunner.query(`
      CREATE INDEX integration_event_log_pending ON integration_event_log (seq)
      WHERE state IN ('not_published', 'in_progress')`);
    await queryRunner.query(`
      CREATE INDEX integration_event_log_published ON integration_event_log (published_at)
      WHERE state = 'published'`);
    // A queue table churns: vacuum and analyze it after 2 % of its rows changed, not 20 %.
    await queryRunner.query(`
      ALTER TABLE integration_event_log SET (
        autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`);
    await queryRunner.query(CLAIM_FUNCTION);
    await queryRunner.query(`
      CREATE FUNCTION integration_event_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('integration_event_log', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER integration_event_log_notify AFTER INSERT ON integration_event_log
      FOR EACH STATEMENT EXECUTE FUNCTION integration_event_log_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION integration_event_log_claim(integer, double precision, text)`);
    await queryRunner.query(`DROP TABLE integration_event_log`);
    await queryRunner.query(`DROP FUNCTION integration_event_log_notify()`);
  }
}
