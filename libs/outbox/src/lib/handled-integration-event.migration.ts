import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The idempotent consumer's table (`IntegrationEventInbox`) and the index its retention walks.
 *
 * catalog-api and ordering-api created the table in their own migrations, before the library
 * took it over; `IF NOT EXISTS` leaves theirs as it is (same columns), and a service that adds
 * the inbox later gets it from here. `handled_at` is indexed so that each retention batch reads
 * only the records it deletes, not the whole table.
 *
 * `down` drops only the index: the table may well be the service's own.
 */
export class HandledIntegrationEventRetention1797000000001 implements MigrationInterface {
  readonly name = 'HandledIntegrationEventRetention1797000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS handled_integration_event (
        consumer   text NOT NULL,
        event_id   uuid NOT NULL,
        event_name text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS handled_integration_event_handled_at
      ON handled_integration_event (handled_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS handled_integration_event_handled_at`);
  }
}
