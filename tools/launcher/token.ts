/**
 * `npm run token -- alice@example.com [--password <password>]`: signs in at identity-api the
 * way a browser does, with the public client `eshop-cli` (authorization code flow with PKCE:
 * GET /auth, the sign-in form with its CSRF field, the redirect to the client's callback, the
 * code exchange) and prints the access token, for curl:
 *   curl -H "Authorization: Bearer $(npm run -s token -- alice@example.com)" localhost:8080/api/basket
 * identity-api is reached at IDENTITY_URL (default http://localhost:8085). The password
 * defaults to the demo users' (`IDENTITY_DEMO_USERS=true`, as under `npm start`).
 */
import { createHash, randomBytes } from 'node:crypto';

export const CLI_CLIENT = { id: 'eshop-cli', redirectUri: 'http://127.0.0.1:8089/callback' };
const DEMO_PASSWORD = 'Pass123$';
const MAX_REDIRECTS = 10;

export interface TokenRequest {
  readonly identityUrl: string;
  readonly email: string;
  readonly password: string;
}

/** The cookies identity-api sets during one sign-in (one host, so one flat map). */
class Cookies {
  private readonly values = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.values.size > 0) headers.set('cookie', [...this.values].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    for (const line of response.headers.getSetCookie()) {
      const [name = '', value = ''] = (line.split(';')[0] ?? '').split(/=(.*)/s);
      if (value === '') this.values.delete(name.trim());
      else this.values.set(name.trim(), value.trim());
    }
    return response;
  }
}

function redirectTarget(response: Response, base: string): string | undefined {
  const location = response.headers.get('location');
  return response.status >= 300 && response.status < 400 && location ? new URL(location, base).toString() : undefined;
}

/** The whole flow; resolves to the access token, or rejects with what went wrong. */
export async function fetchAccessToken(request: TokenRequest): Promise<string> {
  const base = request.identityUrl.replace(/\/+$/, '');
  const cookies = new Cookies();
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(`${base}/auth`);
  authorize.search = new URLSearchParams({
    client_id: CLI_CLIENT.id,
    response_type: 'code',
    redirect_uri: CLI_CLIENT.redirectUri,
    scope: 'openid profile api',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  }).toString();

  // To the sign-in page, then submit it as a browser would (its CSRF field included).
  let url = authorize.toString();
  let response = await cookies.fetch(url);
  for (let hop = 0; redirectTarget(response, url) && hop < MAX_REDIRECTS; hop++) {
    url = redirectTarget(response, url)!;
    response = await cookies.fetch(url);
  }
  const page = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (response.status !== 200 || !csrf) throw new Error(`no sign-in page at ${url} (${response.status})`);
  response = await cookies.fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, email: request.email, password: request.password }).toString(),
  });

  // Follow identity-api until it sends the browser to the client's callback: the code is in that URL.
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const next = redirectTarget(response, url);
    if (!next) throw new Error(`identity-api refused the sign-in of ${request.email} (${response.status}): check the email and password`);
    if (next.startsWith(`${CLI_CLIENT.redirectUri}?`)) return exchangeCode(base, new URL(next), state, verifier);
    url = next;
    response = await cookies.fetch(url);
  }
  throw new Error('too many redirects at identity-api');
}

async function exchangeCode(base: string, callback: URL, state: string, verifier: string): Promise<string> {
  const error = callback.searchParams.get('error');
  if (error) throw new Error(`identity-api answered ${error}: ${callback.searchParams.get('error_description') ?? ''}`);
  if (callback.searchParams.get('state') !== state) throw new Error('identity-api returned another state');
  const response = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLI_CLIENT.id,
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: CLI_CLIENT.redirectUri,
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') throw new Error(`the code exchange failed (${response.status} ${String(body.error ?? '')})`);
  return body.access_token;
}

/** `<email> [--password <password>]`, or undefined when the arguments do not fit. */
export function parseArguments(args: readonly string[]): { email: string; password: string } | undefined {
  const rest = [...args];
  let password = DEMO_PASSWORD;
  const flag = rest.indexOf('--password');
  if (flag >= 0) {
    const value = rest.splice(flag, 2)[1];
    if (value === undefined) return undefined;
    password = value;
  }
  return rest.length === 1 && rest[0]!.includes('@') ? { email: rest[0]!, password } : undefined;
}

async function main(): Promise<void> {
  const parsed = parseArguments(process.argv.slice(2));
  if (!parsed) {
    process.stderr.write('usage: npm run token -- <email> [--password <password>]   (e.g. alice@example.com; IDENTITY_URL, default http://localhost:8085)\n');
    process.exit(2);
  }
  const identityUrl = process.env['IDENTITY_URL'] ?? 'http://localhost:8085';
  try {
    process.stdout.write(`${await fetchAccessToken({ identityUrl, ...parsed })}\n`);
  } catch (error) {
    process.stderr.write(`npm run token: ${error instanceof Error ? error.message : String(error)} (identity-api at ${identityUrl})\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
