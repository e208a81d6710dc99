import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index `client_request` retention walks (ClientRequestRetention): each batch reads only
 * the rows it deletes, not the whole table.
 */
export class ClientRequestRetention1799700000001 implements MigrationInterface {
  readonly name = 'ClientRequestRetention1799700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX client_request_created_at ON client_request (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX client_request_created_at`);
  }
}
