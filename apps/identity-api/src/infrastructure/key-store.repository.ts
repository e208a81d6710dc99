import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { KeyStore } from '../application/key-store.port';
import type { PrivateSigningJwk, SigningAlgorithm, StoredSigningKey } from '../domain/signing-keys';

interface KeyRow {
  id: string;
  material: unknown;
  created_at: Date;
}

/** Any fixed number: the advisory lock that makes concurrent first starts generate one key set. */
const GENERATE_LOCK_KEY = 4_242_085;

/** Development keys in table identity_key (node:crypto generates them). */
@Injectable()
export class PostgresKeyStore implements KeyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async signingKeys(): Promise<StoredSigningKey[]> {
    const rows: KeyRow[] = await this.dataSource.query(`SELECT * FROM identity_key WHERE kind = 'signing'`);
    return rows.map((row) => ({ jwk: row.material as PrivateSigningJwk, createdAt: row.created_at }));
  }

  async addSigningKey(algorithm: SigningAlgorithm): Promise<StoredSigningKey> {
    const jwk = generateSigningJwk(algorithm);
    const [row]: KeyRow[] = await this.dataSource.query(
      `INSERT INTO identity_key (id, kind, material) VALUES ($1, 'signing', $2) RETURNING *`,
      [jwk.kid, JSON.stringify(jwk)],
    );
    return { jwk, createdAt: row!.created_at };
  }

  async cookieKeys(): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [GENERATE_LOCK_KEY]);
      const read = async (): Promise<string[]> => {
        const rows: KeyRow[] = await manager.query(`SELECT * FROM identity_key WHERE kind = 'cookie' ORDER BY created_at DESC`);
        return rows.map((row) => String(row.material));
      };
      const existing = await read();
      if (existing.length > 0) return existing;
      const secret = randomBytes(32).toString('base64url');
      await manager.query(`INSERT INTO identity_key (id, kind, material) VALUES ($1, 'cookie', $2)`, [
        `cookie-${randomBytes(6).toString('hex')}`,
        JSON.stringify(secret),
      ]);
      return [secret];
    });
  }
}

/** A fresh key pair as a private JWK; its kid is the RFC 7638 thumbprint. */
export function generateSigningJwk(algorithm: SigningAlgorithm): PrivateSigningJwk {
  const { privateKey } =
    algorithm === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const members = algorithm === 'ES256' ? ['crv', 'kty', 'x', 'y'] : ['e', 'kty', 'n'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((member) => [member, jwk[member]])));
  const kid = createHash('sha256').update(canonical).digest('base64url');
  return { ...jwk, kid, kty: algorithm === 'ES256' ? 'EC' : 'RSA', alg: algorithm, use: 'sig', d: jwk['d']! };
}
