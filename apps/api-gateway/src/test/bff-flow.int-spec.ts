import { createRemoteJWKSet, jwtVerify } from 'jose';
import { freePort, type IdentityApiProcess } from '@eshop/testing';
import { authorizeAtIdentity, Browser, hiddenField, JWT_PATTERN, signIn, type Page } from './bff-browser';
import { BffGateway, DEMO_PASSWORD, startIdentityApi } from './bff.fixture';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';

const json = (page: Page) => JSON.parse(page.text) as Record<string, unknown>;

/**
 * The gateway as backend-for-frontend (docs/adr/0012): a browser signs in through the real
 * identity-api (its login form, code flow with PKCE) and then calls /api with a session
 * cookie only; the upstream (a stand-in that records what it got) receives the bearer token.
 */
describe('api-gateway BFF: sign-in, session cookie, CSRF, logout (real identity-api, real Redis)', () => {
  const fakes = new FakeUpstreams();
  let upstream: FakeUpstream;
  let identity: IdentityApiProcess;
  let gateway: BffGateway;
  let verifyKeys: ReturnType<typeof createRemoteJWKSet>;
  /** Registered at identity-api too, but configured with a wrong client secret. */
  let misconfigured: BffGateway;

  beforeAll(async () => {
    const [port, otherPort] = [await freePort(), await freePort()];
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const otherUrl = `http://127.0.0.1:${otherPort}`;
    [upstream] = (await fakes.start('upstream')) as [FakeUpstream];
    identity = await startIdentityApi(gatewayUrl, { IDENTITY_GATEWAY_REDIRECT_URIS: `${gatewayUrl}/auth/callback,${otherUrl}/auth/callback` });
    gateway = await new BffGateway(port, BffGateway.env(gatewayUrl, identity, upstream.url)).start();
    const wrongSecret = { ...BffGateway.env(otherUrl, identity, upstream.url), GATEWAY_CLIENT_SECRET: 'not-the-registered-secret' };
    misconfigured = await new BffGateway(otherPort, wrongSecret).start();
    verifyKeys = createRemoteJWKSet(new URL(`${identity.url}/jwks`));
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await misconfigured?.stop();
    await identity?.stop();
    await fakes.stop();
  });

  const me = (browser: Browser) => browser.go(`${gateway.url}/auth/me`);
  const bearerSeenUpstream = async () => /^Bearer (.+)$/.exec((await upstream.calls()).at(-1)?.headers['authorization'] ?? '')?.[1];

  it('signs alice in through the login form; the browser holds only an httpOnly session cookie, and /api calls reach the upstream with her token', async () => {
    const browser = new Browser(gateway.url);
    const callback = await signIn(browser, gateway.url, 'alice@example.com', DEMO_PASSWORD, '/basket?view=full');
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(`${gateway.url}/basket?view=full`);
    const sessionCookie = callback.headers.getSetCookie().find((line) => line.startsWith('eshop_session='));
    // No Secure over plain http; no Max-Age: gone when the browser closes.
    expect(sessionCookie).toMatch(/^eshop_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(browser.hasCookie('eshop_signin')).toBe(false);

    const who = await me(browser);
    expect(who.status).toBe(200);
    expect(who.headers.get('cache-control')).toBe('no-store');
    expect(json(who)).toEqual({ user: { id: expect.any(String), name: 'Alice', roles: [] }, csrfToken: expect.stringMatching(/^[\w-]{43}$/) });

    await upstream.forgetCalls();
    const basket = await browser.go(`${gateway.url}/api/basket`);
    expect(basket.status).toBe(200);
    const [call] = await upstream.calls();
    expect(call).toMatchObject({ method: 'GET', url: '/api/basket' });
    expect(call!.headers['cookie']).toBeUndefined();
    const token = await bearerSeenUpstream();
    const { payload } = await jwtVerify(token!, verifyKeys, { issuer: identity.url, audience: 'eshop-api' });
    expect(payload).toMatchObject({ sub: (json(who)['user'] as { id: string }).id, name: 'Alice', client_id: 'eshop-gateway' });

    // Nothing the gateway ever sent this browser carried a token: not a header, not a body.
    expect(browser.gatewayPages.length).toBeGreaterThanOrEqual(4);
    for (const page of browser.gatewayPages) {
      const everything = `${JSON.stringify([...page.headers])}\n${page.location ?? ''}\n${page.text}`;
      expect(everything).not.toMatch(JWT_PATTERN);
    }
  });

  it('marks its cookies Secure when the request came over TLS (X-Forwarded-Proto: https behind a trusted proxy)', async () => {
    const login = await new Browser(gateway.url).go(`${gateway.url}/auth/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(login.headers.getSetCookie()).toEqual([expect.stringMatching(/^eshop_signin=[\w-]{43}; Path=\/auth\/callback; HttpOnly; SameSite=Lax; Max-Age=900; Secure$/)]);
  });

  it('answers /auth/me and session-less /api calls with 401', async () => {
    const browser = new Browser(gateway.url);
    expect((await me(browser)).status).toBe(401);
    expect((await browser.go(`${gateway.url}/api/basket`)).status).toBe(401);
    browser.setCookie('eshop_session', 'a'.repeat(43));
    const unknown = await browser.go(`${gateway.url}/api/basket`);
    expect(unknown.status).toBe(401);
    expect(json(unknown)).toMatchObject({ statusCode: 401, message: expect.stringContaining('/auth/login') });
    expect(browser.hasCookie('eshop_session')).toBe(false); // cleared
  });

  it('needs the session CSRF token on state-changing calls (403 without or with a wrong one); Bearer calls need none', async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'bob@example.com', DEMO_PASSWORD);
    const { csrfToken } = json(await me(browser)) as { csrfToken: string };
    await upstream.forgetCalls();

    const missing = await browser.go(`${gateway.url}/api/basket`, { method: 'DELETE' });
    expect(missing.status).toBe(403);
    expect(json(missing)).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining('x-csrf-token') });
    const wrong = await browser.go(`${gateway.url}/api/basket/checkout`, { method: 'POST', headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect(await upstream.calls()).toEqual([]);

    const allowed = await browser.go(`${gateway.url}/api/basket`, { method: 'DELETE', headers: { 'x-csrf-token': csrfToken } });
    expect(allowed.status).toBe(200);
    const [call] = await upstream.calls();
    expect(call).toMatchObject({ method: 'DELETE', url: '/api/basket' });
    expect(call!.headers['x-csrf-token']).toBeUndefined();

    // An API client: Authorization: Bearer, no cookie, no CSRF token.
    const token = await bearerSeenUpstream();
    const api = await fetch(`${gateway.url}/api/basket`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
  });

  it('refuses a callback whose state was tampered with (400); the sign-in cannot be finished afterwards', async () => {
    const browser = new Browser(gateway.url);
    const callback = await authorizeAtIdentity(browser, gateway.url, 'alice@example.com', DEMO_PASSWORD);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forged-state');
    const refused = await browser.go(tampered.toString());
    expect(refused.status).toBe(400);
    expect(json(refused)).toMatchObject({ statusCode: 400, code: 'SIGN_IN_STATE_INVALID' });
    const replayed = await browser.go(callback.toString()); // the pending sign-in was single use
    expect(replayed.status).toBe(400);
    expect(browser.hasCookie('eshop_session')).toBe(false);
  });

  it('refuses a callback in another browser than the one that went to /auth/login (login CSRF)', async () => {
    const attacker = new Browser(gateway.url);
    const callback = await authorizeAtIdentity(attacker, gateway.url, 'bob@example.com', DEMO_PASSWORD);
    const victim = new Browser(gateway.url);
    const page = await victim.go(callback.toString());
    expect(page.status).toBe(400);
    expect(victim.hasCookie('eshop_session')).toBe(false);
  });

  it.each(['https://evil.example/', '//evil.example/path', '/\\evil.example', 'javascript:alert(1)'])(
    'keeps returnTo on its own origin (%s → /)',
    async (returnTo) => {
      const callback = await signIn(new Browser(gateway.url), gateway.url, 'alice@example.com', DEMO_PASSWORD, returnTo);
      expect(callback.location).toBe(`${gateway.url}/`);
    },
  );

  it('logs out only with the CSRF token, ends the session, and goes through identity-api back to the storefront', async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'alice@example.com', DEMO_PASSWORD);
    const { csrfToken } = json(await me(browser)) as { csrfToken: string };
    const sessionId = browser.cookie('eshop_session')!;

    expect((await browser.go(`${gateway.url}/auth/logout`, { method: 'POST' })).status).toBe(403);
    expect((await me(browser)).status).toBe(200);

    const out = await browser.go(`${gateway.url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(303);
    const endSession = new URL(out.location!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${identity.url}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${gateway.url}/`);
    expect(browser.hasCookie('eshop_session')).toBe(false);

    // The old cookie value is dead everywhere.
    const thief = new Browser(gateway.url);
    thief.setCookie('eshop_session', sessionId);
    expect((await thief.go(`${gateway.url}/api/basket`)).status).toBe(401);
    expect((await me(thief)).status).toBe(401);

    const confirm = await browser.follow(out);
    expect(confirm.status).toBe(200);
    const done = await browser.go(`${identity.url}/session/end/confirm`, { form: { xsrf: hiddenField(confirm, 'xsrf'), logout: 'yes' } });
    expect(done.location).toBe(`${gateway.url}/`);
  });

  it('answers 503 naming identity-api when the gateway cannot use it (wrong client secret, unreachable), not 400 or 500', async () => {
    const browser = new Browser(misconfigured.url);
    const callback = await signIn(browser, misconfigured.url, 'alice@example.com', DEMO_PASSWORD);
    expect(callback.status).toBe(503);
    expect(json(callback)).toMatchObject({ code: 'IDENTITY_UNAVAILABLE', message: expect.stringContaining('invalid_client') });
    expect(browser.hasCookie('eshop_session')).toBe(false);

    const closedPort = await freePort();
    const env = { ...BffGateway.env(gateway.url, identity, upstream.url), IDENTITY_URL: `http://127.0.0.1:${closedPort}` };
    const cutOff = await new BffGateway(await freePort(), env).start();
    try {
      const login = await new Browser(cutOff.url).go(`${cutOff.url}/auth/login`);
      expect(login.status).toBe(503);
      expect(json(login)).toMatchObject({ code: 'IDENTITY_UNAVAILABLE', message: expect.stringContaining('identity-api is unavailable') });
    } finally {
      await cutOff.stop();
    }
  });

  it('tells a script where to go on logout (Accept: application/json) instead of redirecting it', async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'bob@example.com', DEMO_PASSWORD);
    const { csrfToken } = json(await me(browser)) as { csrfToken: string };
    const out = await browser.go(`${gateway.url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrfToken, accept: 'application/json' } });
    expect(out.status).toBe(200);
    expect(json(out)['redirectTo']).toEqual(expect.stringContaining(`${identity.url}/session/end?`));
    expect((await me(browser)).status).toBe(401);
  });
});
