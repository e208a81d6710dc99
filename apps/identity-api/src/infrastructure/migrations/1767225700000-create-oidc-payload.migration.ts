import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The OpenID provider's own state (sessions, interactions, grants, codes, refresh tokens…),
 * one row per model instance, read and written by PostgresOidcAdapter.
 */
export class CreateOidcPayload1767225700000 implements MigrationInterface {
  readonly name = 'CreateOidcPayload1767225700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oidc_payload (
        id          text NOT NULL,
        type        text NOT NULL,
        payload     jsonb NOT NULL,
        grant_id    text,
        user_code   text,
        uid         text,
        expires_at  timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (type, id)
      )`);
    // revokeByGrantId, findByUid and findByUserCode; the expiry index serves the clean-up.
    await queryRunner.query(`CREATE INDEX oidc_payload_grant_id ON oidc_payload (grant_id) WHERE grant_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX oidc_payload_uid ON oidc_payload (type, uid) WHERE uid IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX oidc_payload_user_code ON oidc_payload (type, user_code) WHERE user_code IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX oidc_payload_expires_at ON oidc_payload (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE oidc_payload`);
  }
}
