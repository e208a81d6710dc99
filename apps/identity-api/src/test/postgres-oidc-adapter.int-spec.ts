import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import type { DataSource } from 'typeorm';
import { identityDataSourceOptions, openIdentityDatabase } from '../infrastructure/identity-database';
import { PostgresOidcAdapter, purgeExpiredOidcPayloads } from '../infrastructure/oidc/postgres-oidc.adapter';

/** oidc-provider's Adapter contract on the real table (the provider itself runs in the process tests). */
describe('PostgresOidcAdapter (real Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('identity_adapter');
    dataSource = await openIdentityDatabase(identityDataSourceOptions(db.url));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('stores, finds and replaces a payload per model', async () => {
    const codes = new PostgresOidcAdapter('AuthorizationCode', dataSource);
    const sessions = new PostgresOidcAdapter('Session', dataSource);
    await codes.upsert('id-1', { accountId: 'a', grantId: 'g1' }, 60);
    await sessions.upsert('id-1', { uid: 'uid-1', accountId: 'b' }, 60);
    expect(await codes.find('id-1')).toEqual({ accountId: 'a', grantId: 'g1' });
    expect(await sessions.findByUid('uid-1')).toEqual({ uid: 'uid-1', accountId: 'b' });
    await codes.upsert('id-1', { accountId: 'a2', grantId: 'g1' }, 60);
    expect(await codes.find('id-1')).toEqual({ accountId: 'a2', grantId: 'g1' });
    expect(await codes.find('missing')).toBeUndefined();
  });

  it('marks a consumed payload with the time it was consumed', async () => {
    const codes = new PostgresOidcAdapter('AuthorizationCode', dataSource);
    await codes.upsert('once', { accountId: 'a' }, 60);
    await codes.consume('once');
    expect((await codes.find('once'))?.consumed).toEqual(expect.any(Number));
  });

  it('revokes everything issued under a grant, in every model', async () => {
    const tokens = new PostgresOidcAdapter('RefreshToken', dataSource);
    const access = new PostgresOidcAdapter('AccessToken', dataSource);
    await tokens.upsert('rt', { grantId: 'g-revoke' }, 60);
    await access.upsert('at', { grantId: 'g-revoke' }, 60);
    await access.upsert('other', { grantId: 'g-keep' }, 60);
    await tokens.revokeByGrantId('g-revoke');
    expect(await tokens.find('rt')).toBeUndefined();
    expect(await access.find('at')).toBeUndefined();
    expect(await access.find('other')).toBeDefined();
  });

  it('never returns an expired payload, and purges it', async () => {
    const interactions = new PostgresOidcAdapter('Interaction', dataSource);
    await interactions.upsert('old', { uid: 'x' }, 60);
    await dataSource.query(`UPDATE oidc_payload SET expires_at = now() - interval '2 hours' WHERE id = 'old'`);
    expect(await interactions.find('old')).toBeUndefined();
    expect(await purgeExpiredOidcPayloads(dataSource)).toBe(1);
  });

  it('destroys one payload', async () => {
    const grants = new PostgresOidcAdapter('Grant', dataSource);
    await grants.upsert('g', { accountId: 'a' }, undefined);
    await grants.destroy('g');
    expect(await grants.find('g')).toBeUndefined();
  });
});
