import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payment ledger: one row per order, what payment did for it (domain/payment-ledger.ts).
 * The outbox and the inbox tables come from @eshop/outbox's own migrations. No retention: a
 * ledger is the record of money taken and given back.
 */
export class CreatePayment1799300000100 implements MigrationInterface {
  readonly name = 'CreatePayment1799300000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payment (
        order_id   integer PRIMARY KEY,
        amount     numeric(12,2) NOT NULL CHECK (amount >= 0),
        state      text NOT NULL CHECK (state IN ('charged', 'declined', 'refunded', 'cancelled-before-charge')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE payment`);
  }
}
