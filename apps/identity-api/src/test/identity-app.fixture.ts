import type { JSONWebKeySet } from 'jose';
import { bundleForTest, freePort, startChild, waitForChildReady, type ChildApp } from '@eshop/testing';
import { browse, CookieJar, csrfField, jose, location, pkce, postForm, type Pkce } from './oidc-client.fixture';

export const GATEWAY = {
  clientId: 'eshop-gateway',
  secret: 'test-gateway-secret-0123456789',
  redirectUri: 'http://localhost:8080/auth/callback',
  postLogoutRedirectUri: 'http://localhost:8080/',
};
/** The public client for command-line tools (`npm run token`): PKCE, no secret. */
export const CLI = { clientId: 'eshop-cli', redirectUri: 'http://127.0.0.1:8089/callback' };
export const DEMO_PASSWORD = 'Pass123$';

export interface ClientRef {
  readonly clientId: string;
  readonly redirectUri: string;
}

/** identity-api bundled like `npm run build` does, once per test file. */
export function bundleIdentityApi(): { file: string; remove: () => void } {
  return bundleForTest('apps/identity-api/src/main.ts');
}

export interface IdentityApp {
  readonly url: string;
  readonly child: ChildApp;
  stop(): Promise<void>;
}

/**
 * Starts identity-api as a child process (oidc-provider and jose are ESM-only: they load in
 * plain Node, not inside jest) on its own port and database, and waits until it is ready.
 * A restart passes the previous port: the issuer (its URL) must stay the same.
 */
export async function startIdentityApp(
  file: string,
  databaseUrl: string,
  env: Record<string, string> = {},
  port?: number,
): Promise<IdentityApp> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild(file, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    IDENTITY_ISSUER: url,
    IDENTITY_GATEWAY_CLIENT_SECRET: GATEWAY.secret,
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  try {
    await waitForChildReady(child, `${url}/health/ready`, 90_000);
  } catch (error) {
    await child.stop();
    throw new Error(`identity-api did not start: ${String(error)}\n${child.output()}`);
  }
  return { url, child, stop: async () => void (await child.stop()) };
}

export interface Authorization {
  readonly jar: CookieJar;
  readonly pkce: Pkce;
  readonly state: string;
  readonly nonce: string;
  /** The sign-in page's URL and HTML. */
  readonly pageUrl: string;
  readonly page: string;
}

/** GET /auth (code flow, PKCE S256, state, nonce) up to the sign-in page. */
export async function startAuthorization(app: IdentityApp, jar = new CookieJar(), client: ClientRef = GATEWAY): Promise<Authorization> {
  const challenge = pkce();
  const state = `state-${Math.random()}`;
  const nonce = `nonce-${Math.random()}`;
  const query = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: client.redirectUri,
    scope: 'openid profile email api',
    code_challenge: challenge.challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const auth = await browse(jar, `${app.url}/auth?${query}`);
  if (auth.status !== 303) throw new Error(`GET /auth answered ${auth.status}: ${await auth.text()}`);
  const pageUrl = location(auth, app.url);
  const page = await (await browse(jar, pageUrl)).text();
  return { jar, pkce: challenge, state, nonce, pageUrl, page };
}

/** Follows the provider's redirects (consent included) until it sends the browser back to the client. */
export async function followToClient(app: IdentityApp, jar: CookieJar, response: Response, redirectUri = GATEWAY.redirectUri): Promise<URL> {
  let current = response;
  for (let hop = 0; hop < 10; hop++) {
    if (current.status !== 302 && current.status !== 303) {
      throw new Error(`expected a redirect, got ${current.status}: ${(await current.text()).slice(0, 500)}`);
    }
    const next = location(current, app.url);
    if (next.startsWith(redirectUri)) return new URL(next);
    current = await browse(jar, next);
  }
  throw new Error('too many redirects');
}

export interface Tokens {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
  readonly expires_in: number;
  readonly token_type: string;
}

/** POST /token as the gateway (client secret, HTTP Basic). */
export async function tokenRequest(app: IdentityApp, form: Record<string, string>): Promise<Response> {
  const basic = Buffer.from(`${GATEWAY.clientId}:${GATEWAY.secret}`).toString('base64');
  return fetch(`${app.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams(form).toString(),
  });
}

/** The whole code flow for one user: sign-in form, consent, code exchange with the PKCE verifier. */
export async function signInThroughCodeFlow(app: IdentityApp, email: string, password = DEMO_PASSWORD, jar = new CookieJar()) {
  const authorization = await startAuthorization(app, jar);
  const login = await postForm(jar, `${authorization.pageUrl}/login`, { csrf: csrfField(authorization.page), email, password });
  const callback = await followToClient(app, jar, login);
  return { ...authorization, callback, tokens: await exchangeCode(app, callback, authorization.pkce) };
}

export async function exchangeCode(app: IdentityApp, callback: URL, challenge: Pkce): Promise<Tokens> {
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback}`);
  const response = await tokenRequest(app, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: GATEWAY.redirectUri,
    code_verifier: challenge.verifier,
  });
  if (response.status !== 200) throw new Error(`token exchange: ${response.status} ${await response.text()}`);
  return (await response.json()) as Tokens;
}

/** Verifies an access token the way every service does: the provider's JWKS, issuer, audience, exp. */
export async function verifyAccessToken(app: IdentityApp, token: string) {
  const jwks = (await (await fetch(`${app.url}/jwks`)).json()) as JSONWebKeySet;
  return jose.jwtVerify(token, jose.createLocalJWKSet(jwks), {
    issuer: app.url,
    audience: 'eshop-api',
    algorithms: ['ES256', 'RS256'],
    requiredClaims: ['exp', 'sub'],
  });
}
