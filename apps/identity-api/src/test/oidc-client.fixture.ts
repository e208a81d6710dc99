import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Jose from 'jose';

/**
 * jose is ESM-only and jest's module system cannot load ESM from node_modules; Node's own
 * require (20.19+: require(esm)) can, so tests load it through a real `require`.
 */
export const jose = createRequire(__filename)('jose') as typeof Jose;

/** A browser's cookie jar, enough for one host: name → value, as Set-Cookie left them. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The Set-Cookie lines' attributes are checked separately; this is for sending. */
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

/** fetch without following redirects, sending and keeping the jar's cookies. */
export async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}

export function postForm(jar: CookieJar, url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return browse(jar, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The hidden CSRF field of a sign-in page. */
export function csrfField(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error(`no csrf field in page: ${page.slice(0, 300)}`);
  return match[1]!;
}

export function location(response: Response, base: string): string {
  const value = response.headers.get('location');
  if (!value) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(value, base).toString();
}
