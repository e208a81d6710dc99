import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the delivery that created the order. The grace-period worker
 * writes GracePeriodConfirmed from a timer, outside any request or delivery: it takes the
 * trace from here, so a checkout stays ONE trace from the HTTP call to paid
 * (docs/patterns/observability.md, "Trace shape"). Null for orders made before this column.
 */
export class OrderTraceparent1799600000000 implements MigrationInterface {
  readonly name = 'OrderTraceparent1799600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders ADD COLUMN traceparent text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders DROP COLUMN traceparent`);
  }
}
