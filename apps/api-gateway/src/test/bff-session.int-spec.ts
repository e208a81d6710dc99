import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { freePort, waitFor, type IdentityApiProcess } from '@eshop/testing';
import { Browser, hiddenField, signIn } from './bff-browser';
import { BffGateway, DEMO_PASSWORD, startIdentityApi } from './bff.fixture';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';

/** identity-api's shortest access-token lifetime; the gateway refreshes 25 s before expiry, i.e. at 5 s of age. */
const TOKEN_TTL_SECONDS = 30;
const REFRESH_MARGIN_SECONDS = 25;

/**
 * Browser sessions over time: refresh before expiry (once at a time, even across two
 * gateway instances sharing Redis), survival across a gateway restart, and the end of a
 * session whose refresh identity-api refuses.
 */
describe('api-gateway BFF sessions: refresh, restart, refused refresh (real identity-api, real Redis)', () => {
  const fakes = new FakeUpstreams();
  let upstream: FakeUpstream;
  let identity: IdentityApiProcess;
  let gateway: BffGateway;
  let other: BffGateway;
  let verifyKeys: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    const [port, otherPort] = [await freePort(), await freePort()];
    const gatewayUrl = `http://127.0.0.1:${port}`;
    [upstream] = (await fakes.start('upstream')) as [FakeUpstream];
    identity = await startIdentityApi(gatewayUrl, { IDENTITY_ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) });
    const env = { ...BffGateway.env(gatewayUrl, identity, upstream.url), SESSION_REFRESH_MARGIN_SECONDS: String(REFRESH_MARGIN_SECONDS) };
    gateway = await new BffGateway(port, env).start();
    // A second instance on the same Redis: a browser's calls may land on either.
    other = await new BffGateway(otherPort, env).start();
    verifyKeys = createRemoteJWKSet(new URL(`${identity.url}/jwks`));
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await other?.stop();
    await identity?.stop();
    await fakes.stop();
  });

  /** GET /api/basket through `via`; the token the upstream received for it. */
  async function tokenUpstreamGot(browser: Browser, via: BffGateway): Promise<string> {
    const page = await browser.go(`${via.url}/api/basket?probe=${Math.random()}`);
    if (page.status !== 200) throw new Error(`GET /api/basket answered ${page.status}: ${page.text}`);
    const call = (await upstream.calls()).find((candidate) => candidate.url === new URL(page.url).pathname + new URL(page.url).search);
    return /^Bearer (.+)$/.exec(call?.headers['authorization'] ?? '')![1]!;
  }

  const issuedAt = (token: string) => decodeJwt(token).iat!;

  it('refreshes the access token before it expires, one refresh at a time across instances (the rotated grant stays alive)', async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'alice@example.com', DEMO_PASSWORD);
    const first = await tokenUpstreamGot(browser, gateway);
    const due = (issuedAt(first) + TOKEN_TTL_SECONDS - REFRESH_MARGIN_SECONDS + 1) * 1_000;
    await waitFor(() => Date.now() >= due, 'the token to be due for a refresh', 60_000, 100);

    // Many calls at once on both instances, all due for a refresh: one refresh serves them all.
    // Two refreshes with the same (rotating) refresh token would make identity-api revoke the grant.
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => tokenUpstreamGot(browser, i % 2 ? other : gateway)));
    for (const token of tokens) {
      const { payload } = await jwtVerify(token, verifyKeys, { issuer: identity.url, audience: 'eshop-api' });
      expect(payload).toMatchObject({ name: 'Alice' });
    }
    const refreshed = tokens.filter((token) => issuedAt(token) > issuedAt(first));
    expect(refreshed.length).toBeGreaterThan(0);
    const expiry = decodeJwt(refreshed[0]!).exp! * 1_000;
    expect(expiry).toBeGreaterThan(Date.now());

    // The grant survived: the next refresh works too.
    const newest = Math.max(...refreshed.map(issuedAt));
    await waitFor(async () => issuedAt(await tokenUpstreamGot(browser, other)) > newest, 'a second refresh', 90_000, 1_000);
    expect((await browser.go(`${gateway.url}/auth/me`)).status).toBe(200);
  }, 240_000);

  it('keeps a session across a gateway restart: it lives in Redis', async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'bob@example.com', DEMO_PASSWORD);
    await gateway.stop();
    await gateway.start();
    const who = await browser.go(`${gateway.url}/auth/me`);
    expect(who.status).toBe(200);
    expect(JSON.parse(who.text)).toMatchObject({ user: { name: 'Bob' } });
    const token = await tokenUpstreamGot(browser, gateway);
    await expect(jwtVerify(token, verifyKeys, { issuer: identity.url, audience: 'eshop-api' })).resolves.toMatchObject({ payload: { name: 'Bob' } });
  }, 120_000);

  it('ends the session when identity-api refuses the refresh (signed out there): 401, cookie cleared', async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'admin@example.com', DEMO_PASSWORD);
    await tokenUpstreamGot(browser, gateway);

    // Sign out at identity-api directly (same browser): the refresh token dies with that session.
    const confirm = await browser.go(`${identity.url}/session/end?client_id=eshop-gateway`);
    expect(confirm.status).toBe(200);
    const done = await browser.go(`${identity.url}/session/end/confirm`, { form: { xsrf: hiddenField(confirm, 'xsrf'), logout: 'yes' } });
    expect(done.status).toBe(303);

    // Until the token is due the session goes on; the refresh is then refused.
    const refused = await waitFor(
      async () => {
        const page = await browser.go(`${gateway.url}/api/basket`);
        return page.status === 401 ? page : undefined;
      },
      'the refused refresh to end the session',
      90_000,
      500,
    );
    expect(JSON.parse(refused.text)).toMatchObject({ statusCode: 401, message: expect.stringContaining('identity-api ended the session') });
    expect(browser.hasCookie('eshop_session')).toBe(false);
  }, 180_000);
});
