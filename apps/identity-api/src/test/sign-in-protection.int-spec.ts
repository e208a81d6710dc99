import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { bundleIdentityApi, startAuthorization, startIdentityApp, type IdentityApp } from './identity-app.fixture';
import { csrfField, postForm } from './oidc-client.fixture';

/**
 * The sign-in form's defences: generic errors, CSRF, brute-force limits per account and per
 * client address, escaped output. The app trusts X-Forwarded-For here (as behind an ingress),
 * so each test signs in from its own address and the address counters do not mix.
 */
describe('identity-api: sign-in protection (real process, real Postgres)', () => {
  let bundle: { file: string; remove: () => void };
  let db: TestDatabase;
  let app: IdentityApp;
  let address = 0;

  beforeAll(async () => {
    bundle = bundleIdentityApi();
    db = await createTestDatabase('identity_protect');
    app = await startIdentityApp(bundle.file, db.url, {
      IDENTITY_TRUST_PROXY: 'true',
      IDENTITY_SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3',
      IDENTITY_SIGNIN_MAX_FAILURES_PER_ADDRESS: '5',
      IDENTITY_SIGNIN_LOCKOUT_SECONDS: '60',
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    bundle?.remove();
  });

  /** One sign-in attempt on a fresh authorization request, from `from`. */
  async function attempt(email: string, password: string, from: string, csrf?: string) {
    const authorization = await startAuthorization(app);
    const form = { csrf: csrf ?? csrfField(authorization.page), email, password };
    const response = await postForm(authorization.jar, `${authorization.pageUrl}/login`, form, { 'x-forwarded-for': `203.0.113.7, ${from}` });
    return { status: response.status, body: response.status === 303 ? '' : await response.text(), response };
  }

  const nextAddress = () => `198.51.100.${++address}`;

  it('answers a wrong password and an unknown email with the same generic message', async () => {
    const from = nextAddress();
    const wrong = await attempt('alice@example.com', 'wrong password', from);
    const unknown = await attempt('nobody@example.com', 'Pass123$', from);
    for (const result of [wrong, unknown]) {
      expect(result.status).toBe(401);
      expect(result.body).toContain('Email or password is incorrect.');
      expect(result.body).toContain('role="alert"');
      expect(result.body).toContain('aria-describedby="form-error"');
    }
  });

  it('refuses a form without its CSRF token, or with another interaction’s (403), before checking anything', async () => {
    const from = nextAddress();
    const missing = await attempt('alice@example.com', 'Pass123$', from, '');
    expect(missing.status).toBe(403);
    const other = await startAuthorization(app);
    const foreign = await attempt('alice@example.com', 'Pass123$', from, csrfField(other.page));
    expect(foreign.status).toBe(403);
  });

  it('locks an account after 3 failures: even the right password is refused for a while (429, Retry-After)', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('bob@example.com', `guess ${i}`, nextAddress())).status).toBe(401);
    const locked = await attempt('bob@example.com', 'Pass123$', nextAddress());
    expect(locked.status).toBe(429);
    expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body).toContain('Too many sign-in attempts');
    // Other accounts are not affected.
    expect((await attempt('alice@example.com', 'Pass123$', nextAddress())).status).toBe(303);
  });

  it('locks a client address after 5 failures, whichever emails it tries', async () => {
    const from = nextAddress();
    for (let i = 0; i < 5; i++) expect((await attempt(`user${i}@example.com`, 'guess', from)).status).toBe(401);
    expect((await attempt('admin@example.com', 'Pass123$', from)).status).toBe(429);
    expect((await attempt('admin@example.com', 'Pass123$', nextAddress())).status).toBe(303);
  });

  it('escapes what it echoes back into the page', async () => {
    const result = await attempt('"><script>alert(1)</script>@x', 'nope', nextAddress());
    expect(result.body).not.toContain('<script>alert(1)');
    expect(result.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x');
    expect(result.response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('sets its cookies httpOnly and SameSite', async () => {
    const authorization = await startAuthorization(app);
    expect(authorization.jar.has('_interaction')).toBe(true);
    const auth = await fetch(`${app.url}/auth?${new URLSearchParams({ client_id: 'eshop-gateway', response_type: 'code', redirect_uri: 'http://localhost:8080/auth/callback', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`, { redirect: 'manual' });
    for (const cookie of auth.headers.getSetCookie()) expect(cookie).toMatch(/httponly/i);
    for (const cookie of auth.headers.getSetCookie()) expect(cookie).toMatch(/samesite=lax/i);
  });
});
