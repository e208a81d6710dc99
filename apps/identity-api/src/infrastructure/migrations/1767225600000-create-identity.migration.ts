import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, sign-in failure counters and the keys development generates. */
export class CreateIdentity1767225600000 implements MigrationInterface {
  readonly name = 'CreateIdentity1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE identity_user (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        roles         text[] NOT NULL DEFAULT '{}',
        password_hash text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX identity_user_email ON identity_user (email)`);
    // Brute-force counters, one row per key (account:<email>, address:<ip>).
    await queryRunner.query(`
      CREATE TABLE sign_in_attempt (
        key             text PRIMARY KEY,
        failures        integer NOT NULL,
        last_failure_at timestamptz NOT NULL,
        locked_until    timestamptz
      )`);
    // Development only: generated signing keys (private JWKs) and cookie secrets.
    await queryRunner.query(`
      CREATE TABLE identity_key (
        id         text PRIMARY KEY,
        kind       text NOT NULL CHECK (kind IN ('signing', 'cookie')),
        material   jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE identity_key`);
    await queryRunner.query(`DROP TABLE sign_in_attempt`);
    await queryRunner.query(`DROP TABLE identity_user`);
  }
}
