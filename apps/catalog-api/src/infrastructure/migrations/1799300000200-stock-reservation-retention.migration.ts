import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index retention walks (STOCK_RESERVATION_RETENTION): finished reservations by the time
 * they finished. Partial, with exactly the retention's predicate, so it holds only the rows
 * retention may delete and the planner can match it.
 */
export class StockReservationRetention1799300000200 implements MigrationInterface {
  readonly name = 'StockReservationRetention1799300000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX stock_reservation_finished ON stock_reservation (updated_at)
      WHERE state IN ('released', 'cancelled', 'taken')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX stock_reservation_finished`);
  }
}
