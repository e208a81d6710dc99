import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DataSource } from 'typeorm';

interface PayloadRow {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

/**
 * oidc-provider's Adapter on table oidc_payload: one instance per model (`type`: Session,
 * Interaction, Grant, AuthorizationCode, RefreshToken…). Durable, so a restarted or second
 * instance honours sessions, grants and refresh tokens. Expired rows are never returned
 * and `purgeExpired` deletes them.
 */
export class PostgresOidcAdapter implements Adapter {
  constructor(
    private readonly type: string,
    private readonly dataSource: DataSource,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oidc_payload (id, type, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $7::integer) END)
       ON CONFLICT (type, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [id, this.type, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
    );
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id = $2', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid = $2', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code = $2', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.dataSource.query('UPDATE oidc_payload SET consumed_at = now() WHERE type = $1 AND id = $2', [this.type, id]);
  }

  async destroy(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM oidc_payload WHERE type = $1 AND id = $2', [this.type, id]);
  }

  /** Logout, refresh-token reuse or revocation: everything issued under the grant goes. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM oidc_payload WHERE grant_id = $1', [grantId]);
  }

  private async findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const rows: PayloadRow[] = await this.dataSource.query(
      `SELECT payload, consumed_at FROM oidc_payload
       WHERE type = $1 AND ${condition} AND (expires_at IS NULL OR expires_at > now()) LIMIT 1`,
      [this.type, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    // The provider reads `consumed` (epoch seconds) to refuse a code or token used twice.
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1_000) } : row.payload;
  }
}

/** Deletes rows that expired more than `graceSeconds` ago; returns how many. */
export async function purgeExpiredOidcPayloads(dataSource: DataSource, graceSeconds = 3_600): Promise<number> {
  const [, count] = (await dataSource.query(
    `DELETE FROM oidc_payload WHERE expires_at < now() - make_interval(secs => $1::integer)`,
    [graceSeconds],
  )) as [unknown, number];
  return count;
}
