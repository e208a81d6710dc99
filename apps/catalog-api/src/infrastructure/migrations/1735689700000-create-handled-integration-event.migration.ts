import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The idempotent consumer's record for catalog's saga handlers: "event X handled by consumer
 * Y", committed in the handler's own transaction (docs/patterns/idempotent-consumer.md).
 */
export class CreateHandledIntegrationEvent1735689700000 implements MigrationInterface {
  readonly name = 'CreateHandledIntegrationEvent1735689700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE handled_integration_event (
        consumer   text NOT NULL,
        event_id   uuid NOT NULL,
        event_name text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE handled_integration_event`);
  }
}
