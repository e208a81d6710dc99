import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request id belongs to its buyer: `client_request` is keyed by (buyer_id, request_id), so
 * buyer H sending the `x-requestid` buyer G used gets their own order or command, and learns
 * nothing about G. The buyer comes first in the key: every lookup names the buyer.
 */
export class ClientRequestPerBuyer1796000000000 implements MigrationInterface {
  readonly name = 'ClientRequestPerBuyer1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE client_request DROP CONSTRAINT client_request_pkey`);
    await queryRunner.query(`ALTER TABLE client_request ADD PRIMARY KEY (buyer_id, request_id)`);
  }

  /** Fails if two buyers have used one request id since: which row to keep is not ours to say. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE client_request DROP CONSTRAINT client_request_pkey`);
    await queryRunner.query(`ALTER TABLE client_request ADD PRIMARY KEY (request_id)`);
  }
}
