import { generateKeyPairSync } from 'node:crypto';
import { createTestDatabase, freePort, startChild, waitFor, type TestDatabase } from '@eshop/testing';
import { bundleIdentityApi, signInThroughCodeFlow, startIdentityApp, verifyAccessToken, type IdentityApp } from './identity-app.fixture';
import { jose } from './oidc-client.fixture';

function privateKey(kid: string): Record<string, unknown> {
  return { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
}

/**
 * Rotation with keys from configuration (IDENTITY_SIGNING_KEYS, as from a Secret):
 * 1. [k1] signs; 2. [k2, k1]: k2 signs, k1 still published, k1's tokens still verify;
 * 3. [k2] after the overlap: k1's tokens no longer verify.
 */
describe('identity-api: signing-key rotation (real process, real Postgres)', () => {
  let bundle: { file: string; remove: () => void };
  let db: TestDatabase;
  let app: IdentityApp | undefined;
  let port: number;
  const k1 = privateKey('key-1');
  const k2 = privateKey('key-2');
  const keys = (...set: Array<Record<string, unknown>>) => ({ IDENTITY_SIGNING_KEYS: JSON.stringify({ keys: set }) });

  beforeAll(async () => {
    bundle = bundleIdentityApi();
    port = await freePort();
    db = await createTestDatabase('identity_keys');
  });

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    bundle?.remove();
  });

  const kids = async (running: IdentityApp) =>
    ((await (await fetch(`${running.url}/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map(({ kid }) => kid);

  it('keeps tokens signed with the previous key valid during the overlap, and only then drops it', async () => {
    app = await startIdentityApp(bundle.file, db.url, keys(k1), port);
    expect(await kids(app)).toEqual(['key-1']);
    const before = (await signInThroughCodeFlow(app, 'alice@example.com')).tokens.access_token;
    expect(jose.decodeProtectedHeader(before).kid).toBe('key-1');
    await app.stop();

    app = await startIdentityApp(bundle.file, db.url, keys(k2, k1), port);
    expect(await kids(app)).toEqual(['key-2', 'key-1']);
    const after = (await signInThroughCodeFlow(app, 'alice@example.com')).tokens.access_token;
    expect(jose.decodeProtectedHeader(after).kid).toBe('key-2');
    await expect(verifyAccessToken(app, before)).resolves.toMatchObject({ payload: { name: 'Alice' } });
    await expect(verifyAccessToken(app, after)).resolves.toMatchObject({ payload: { name: 'Alice' } });
    await app.stop();

    app = await startIdentityApp(bundle.file, db.url, keys(k2), port);
    expect(await kids(app)).toEqual(['key-2']);
    await expect(verifyAccessToken(app, after)).resolves.toBeDefined();
    await expect(verifyAccessToken(app, before)).rejects.toThrow(/no applicable key/i);
  }, 240_000);

  it('refuses to start with a malformed key set, naming the problem', async () => {
    const env = { DATABASE_URL: db.url, PORT: String(port), METRICS_PORT: '0', IDENTITY_SIGNING_KEYS: '{"keys":[{"kty":"EC"}]}' };
    const child = startChild(bundle.file, env);
    await waitFor(() => child.process.exitCode !== null, 'identity-api to exit', 60_000, 100);
    expect(child.process.exitCode).not.toBe(0);
    expect(child.output()).toMatch(/IDENTITY_SIGNING_KEYS key 0: kid is required/);
  }, 120_000);
});
