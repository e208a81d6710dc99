import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /api/orders` pages the buyer's orders newest first (order date, then number). The
 * index holds exactly that order per buyer, so a page is a short index walk from its start,
 * with no sort of the buyer's whole history. It supersedes `orders_buyer (buyer_id, id)`,
 * whose only reader was the unpaged list.
 *
 * Built inside the migration's transaction (not CONCURRENTLY): writes to `orders` wait while
 * it builds, which is short at this table's size; run it off-peak on a large one.
 */
export class OrdersBuyerNewest1798000000000 implements MigrationInterface {
  readonly name = 'OrdersBuyerNewest1798000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX orders_buyer_newest ON orders (buyer_id, order_date DESC, id DESC)`);
    await queryRunner.query(`DROP INDEX orders_buyer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX orders_buyer ON orders (buyer_id, id)`);
    await queryRunner.query(`DROP INDEX orders_buyer_newest`);
  }
}
