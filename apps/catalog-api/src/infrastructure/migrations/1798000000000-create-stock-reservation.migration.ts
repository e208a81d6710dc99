import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock reservations (issue 14 §1): one record per order the saga told catalog about, and
 * the units it holds per product. `catalog_item.available_stock` (CHECK >= 0 since the first
 * migration) now counts the units NOT reserved: a reservation takes them out, a release puts
 * them back, a payment leaves them out for good. No foreign key to catalog_item: an item may
 * be deleted while an order holds some of it.
 */
export class CreateStockReservation1798000000000 implements MigrationInterface {
  readonly name = 'CreateStockReservation1798000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stock_reservation (
        order_id   bigint PRIMARY KEY,
        state      text NOT NULL CHECK (state IN ('reserved', 'rejected', 'released', 'cancelled', 'taken')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE stock_reservation_line (
        order_id   bigint NOT NULL REFERENCES stock_reservation (order_id) ON DELETE CASCADE,
        product_id integer NOT NULL,
        units      integer NOT NULL CHECK (units > 0),
        PRIMARY KEY (order_id, product_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stock_reservation_line`);
    await queryRunner.query(`DROP TABLE stock_reservation`);
  }
}
