import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What payment gave back for a cancelled order (OrderPaymentRefunded), shown as
 * `refundedAmount` on the order. Existing orders were never refunded: 0.
 */
export class OrderRefundedAmount1799700000000 implements MigrationInterface {
  readonly name = 'OrderRefundedAmount1799700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders ADD COLUMN refunded_amount numeric(12,2) NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE orders DROP COLUMN refunded_amount`);
  }
}
