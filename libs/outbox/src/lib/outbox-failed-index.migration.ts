import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rows the relay gave up on (`failed`), indexed apart: the metrics count them at every
 * scrape (`eshop_outbox_failed_events`, outbox-backlog.ts) without reading the published rows
 * that retention keeps. Normally empty, so the index costs nothing.
 */
export class OutboxFailedIndex1799400000000 implements MigrationInterface {
  readonly name = 'OutboxFailedIndex1799400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX integration_event_log_failed ON integration_event_log (seq) WHERE state = 'failed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX integration_event_log_failed`);
  }
}
