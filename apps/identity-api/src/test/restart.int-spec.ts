import { execFileSync } from 'node:child_process';
import { createTestDatabase, freePort, type TestDatabase } from '@eshop/testing';
import {
  bundleIdentityApi,
  followToClient,
  GATEWAY,
  signInThroughCodeFlow,
  startIdentityApp,
  tokenRequest,
  verifyAccessToken,
  type IdentityApp,
} from './identity-app.fixture';
import { browse, CookieJar, jose, pkce } from './oidc-client.fixture';

/**
 * The provider keeps its state (sessions, grants, refresh tokens) and, in development, its
 * generated keys in Postgres: a new process on the same database carries on.
 */
describe('identity-api: restart keeps sessions, refresh tokens and keys (real process, real Postgres)', () => {
  let bundle: { file: string; remove: () => void };
  let db: TestDatabase;
  let app: IdentityApp | undefined;
  let port: number;

  beforeAll(async () => {
    bundle = bundleIdentityApi();
    port = await freePort();
    db = await createTestDatabase('identity_restart');
  });

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    bundle?.remove();
  });

  it('honours a refresh token and a browser session issued before the restart', async () => {
    app = await startIdentityApp(bundle.file, db.url, {}, port);
    const jar = new CookieJar();
    const { tokens } = await signInThroughCodeFlow(app, 'alice@example.com', undefined, jar);
    const kidsBefore = await (await fetch(`${app.url}/jwks`)).text();
    await app.stop();

    app = await startIdentityApp(bundle.file, db.url, {}, port);
    expect(await (await fetch(`${app.url}/jwks`)).text()).toBe(kidsBefore);
    await expect(verifyAccessToken(app, tokens.access_token)).resolves.toBeDefined();

    const refreshed = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(200);
    const { access_token } = (await refreshed.json()) as { access_token: string };
    await expect(verifyAccessToken(app, access_token)).resolves.toMatchObject({ payload: { name: 'Alice' } });

    // The browser's session survived too: a new authorization goes straight back with a code.
    const query = new URLSearchParams({
      client_id: GATEWAY.clientId,
      response_type: 'code',
      redirect_uri: GATEWAY.redirectUri,
      scope: 'openid profile api',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 'again',
    });
    const callback = await followToClient(app, jar, await browse(jar, `${app.url}/auth?${query}`));
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
  }, 240_000);

  it('rotates a generated key with `main.js rotate-signing-key`: the new key signs after a restart, the old one stays published', async () => {
    const before = (await signInThroughCodeFlow(app!, 'bob@example.com')).tokens.access_token;
    const oldKid = jose.decodeProtectedHeader(before).kid;
    await app!.stop();
    const printed = execFileSync(process.execPath, [bundle.file, 'rotate-signing-key'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const newKid = /new signing key (\S+):/.exec(printed)?.[1];
    expect(newKid).toEqual(expect.any(String));

    app = await startIdentityApp(bundle.file, db.url, {}, port);
    const jwks = (await (await fetch(`${app.url}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map(({ kid }) => kid)).toEqual([newKid, oldKid]);
    const after = (await signInThroughCodeFlow(app, 'bob@example.com')).tokens.access_token;
    expect(jose.decodeProtectedHeader(after).kid).toBe(newKid);
    await expect(verifyAccessToken(app, before)).resolves.toBeDefined();
  }, 240_000);

  it('does not serve POST /dev/token unless AUTH_DEV_TOKENS=true', async () => {
    const response = await fetch(`${app!.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'x', name: 'X' }),
    });
    expect(response.status).toBe(404);
  });
});
