import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import {
  bundleIdentityApi,
  CLI,
  exchangeCode,
  followToClient,
  GATEWAY,
  signInThroughCodeFlow,
  startAuthorization,
  startIdentityApp,
  tokenRequest,
  verifyAccessToken,
  type IdentityApp,
} from './identity-app.fixture';
import { browse, CookieJar, csrfField, jose, location, postForm } from './oidc-client.fixture';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('identity-api: the authorization code flow over HTTP (real process, real Postgres)', () => {
  let bundle: { file: string; remove: () => void };
  let db: TestDatabase;
  let app: IdentityApp;

  beforeAll(async () => {
    bundle = bundleIdentityApi();
    db = await createTestDatabase('identity_flow');
    app = await startIdentityApp(bundle.file, db.url, { AUTH_DEV_TOKENS: 'true' });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    bundle?.remove();
  });

  it('publishes its discovery document: code flow with PKCE S256 only, JWKS, logout', async () => {
    const discovery = (await (await fetch(`${app.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: app.url,
      jwks_uri: `${app.url}/jwks`,
      authorization_endpoint: `${app.url}/auth`,
      token_endpoint: `${app.url}/token`,
      end_session_endpoint: `${app.url}/session/end`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = (await (await fetch(`${app.url}/jwks`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', alg: 'ES256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs alice in through the login form and issues a short-lived JWT for eshop-api with sub, name and roles', async () => {
    const flow = await signInThroughCodeFlow(app, 'alice@example.com');
    expect(flow.page).toContain('<label for="email">Email</label>');
    expect(flow.page).toContain('<label for="password">Password</label>');
    expect(flow.page).toContain('<button type="submit">Sign in</button>');
    expect(flow.callback.searchParams.get('state')).toBe(flow.state);
    expect(flow.callback.searchParams.get('iss')).toBe(app.url);

    const { payload, protectedHeader } = await verifyAccessToken(app, flow.tokens.access_token);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ iss: app.url, aud: 'eshop-api', name: 'Alice', roles: [], client_id: GATEWAY.clientId });
    expect(payload.sub).toMatch(UUID);
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(flow.tokens.expires_in).toBeLessThanOrEqual(300);

    const idToken = jose.decodeJwt(flow.tokens.id_token!);
    expect(idToken).toMatchObject({ sub: payload.sub, nonce: flow.nonce, aud: GATEWAY.clientId });
  });

  it('gives admin the admin role', async () => {
    const { tokens } = await signInThroughCodeFlow(app, 'Admin@Example.com');
    const { payload } = await verifyAccessToken(app, tokens.access_token);
    expect(payload).toMatchObject({ name: 'Admin', roles: ['admin'] });
  });

  it('refreshes: a new access token and a rotated refresh token; the old refresh token is then refused', async () => {
    const { tokens } = await signInThroughCodeFlow(app, 'bob@example.com');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const refreshed = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    const { payload } = await verifyAccessToken(app, next.access_token);
    expect(payload).toMatchObject({ name: 'Bob', aud: 'eshop-api' });

    const reused = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const query = new URLSearchParams({
      client_id: GATEWAY.clientId,
      response_type: 'code',
      redirect_uri: GATEWAY.redirectUri,
      scope: 'openid',
      state: 's',
    });
    const response = await browse(new CookieJar(), `${app.url}/auth?${query}`);
    const back = new URL(location(response, app.url));
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a code exchange with the wrong PKCE verifier', async () => {
    const jar = new CookieJar();
    const authorization = await startAuthorization(app, jar);
    const login = await postForm(jar, `${authorization.pageUrl}/login`, {
      csrf: csrfField(authorization.page),
      email: 'alice@example.com',
      password: 'Pass123$',
    });
    const callback = await followToClient(app, jar, login);
    const response = await tokenRequest(app, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: GATEWAY.redirectUri,
      code_verifier: 'a'.repeat(43),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('serves the public CLI client (npm run token): PKCE and no client secret', async () => {
    const jar = new CookieJar();
    const authorization = await startAuthorization(app, jar, CLI);
    const form = { csrf: csrfField(authorization.page), email: 'alice@example.com', password: 'Pass123$' };
    const login = await postForm(jar, `${authorization.pageUrl}/login`, form);
    const callback = await followToClient(app, jar, login, CLI.redirectUri);
    const response = await fetch(`${app.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CLI.clientId,
        code: callback.searchParams.get('code')!,
        redirect_uri: CLI.redirectUri,
        code_verifier: authorization.pkce.verifier,
      }).toString(),
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    await expect(verifyAccessToken(app, access_token)).resolves.toMatchObject({ payload: { name: 'Alice', client_id: CLI.clientId } });
  });

  it('creates an account from the sign-in page and signs it in', async () => {
    const jar = new CookieJar();
    const authorization = await startAuthorization(app, jar);
    expect(authorization.page).toContain('Create an account');
    const form = await browse(jar, `${authorization.pageUrl}/register`);
    const page = await form.text();
    expect(page).toContain('<label for="name">Name</label>');
    const created = await postForm(jar, `${authorization.pageUrl}/register`, {
      csrf: csrfField(page),
      name: 'Carol <b>',
      email: 'Carol@Example.com',
      password: 'long enough password',
    });
    const callback = await followToClient(app, jar, created);
    const tokens = await exchangeCode(app, callback, authorization.pkce);
    const { payload } = await verifyAccessToken(app, tokens.access_token);
    expect(payload).toMatchObject({ name: 'Carol <b>', roles: [] });
  });

  it('ends the session on RP-initiated logout and returns to the gateway', async () => {
    const jar = new CookieJar();
    const { tokens } = await signInThroughCodeFlow(app, 'alice@example.com', undefined, jar);
    const query = new URLSearchParams({
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: GATEWAY.postLogoutRedirectUri,
      state: 'bye',
    });
    const confirm = await browse(jar, `${app.url}/session/end?${query}`);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    expect(xsrf).toEqual(expect.any(String));
    const done = await postForm(jar, `${app.url}/session/end/confirm`, { xsrf: xsrf!, logout: 'yes' });
    const back = new URL(location(done, app.url));
    expect(`${back.origin}${back.pathname}`).toBe(GATEWAY.postLogoutRedirectUri);
    expect(back.searchParams.get('state')).toBe('bye');

    // The refresh token belonged to that session (no offline_access): it is gone with it.
    const refreshed = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(400);
  });

  it('mints a dev token (AUTH_DEV_TOKENS=true) in the same format, signed with the same key', async () => {
    const response = await fetch(`${app.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user-1', name: 'Test User', roles: ['admin'] }),
    });
    expect(response.status).toBe(200);
    const { accessToken } = (await response.json()) as { accessToken: string };
    const { payload, protectedHeader } = await verifyAccessToken(app, accessToken);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ iss: app.url, aud: 'eshop-api', sub: 'user-1', name: 'Test User', roles: ['admin'] });
    expect(payload.exp! - payload.iat!).toBe(300);
  });
});
