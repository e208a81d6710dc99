/** One answer as a browser sees it: everything, so a test can look for tokens in it. */
export interface Page {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The redirect target, absolute. */
  readonly location?: string;
}

/**
 * A browser, as far as sign-in needs one: a cookie jar per host (browsers share cookies
 * across ports of one host, as here between the gateway and identity-api), manual redirects,
 * and a record of every answer the gateway gave it.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();
  /** Every answer from `gatewayOrigin`, in order. */
  readonly gatewayPages: Page[] = [];

  constructor(private readonly gatewayOrigin: string) {}

  async go(url: string, init: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie) headers.set('cookie', cookie);
    if (init.form) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) this.store(line);
    const target = response.headers.get('location');
    const page: Page = {
      url,
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      ...(target ? { location: new URL(target, url).toString() } : {}),
    };
    if (new URL(url).origin === this.gatewayOrigin) this.gatewayPages.push(page);
    return page;
  }

  /** GETs redirect after redirect until `stop` says the next location is where to stop (not fetched). */
  async follow(page: Page, stop: (location: URL) => boolean = () => false): Promise<Page> {
    let current = page;
    for (let hop = 0; hop < 15; hop++) {
      if (!current.location || stop(new URL(current.location))) return current;
      current = await this.go(current.location);
    }
    throw new Error(`too many redirects, last at ${current.url}`);
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private store(line: string): void {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The hidden field of an HTML form (identity-api's CSRF `csrf`, the logout page's `xsrf`). */
export function hiddenField(page: Page, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text);
  if (!match) throw new Error(`no ${name} field in ${page.url}: ${page.text.slice(0, 300)}`);
  return match[1]!;
}

/** A JWT anywhere in a text: three base64url parts, the first two JSON objects. */
export const JWT_PATTERN = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/;

/**
 * GET /auth/login on the gateway, through identity-api's sign-in form, up to the redirect
 * back to the gateway's /auth/callback: that URL, not yet fetched.
 */
export async function authorizeAtIdentity(browser: Browser, gatewayUrl: string, email: string, password: string, returnTo?: string): Promise<URL> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const start = await browser.go(`${gatewayUrl}/auth/login${query}`);
  if (start.status !== 303) throw new Error(`GET /auth/login answered ${start.status}: ${start.text}`);
  const form = await browser.follow(start);
  const submitted = await browser.go(`${form.url}/login`, { form: { csrf: hiddenField(form, 'csrf'), email, password } });
  const atCallback = (next: URL) => next.origin === gatewayUrl && next.pathname === '/auth/callback';
  const last = await browser.follow(submitted, atCallback);
  if (!last.location || !atCallback(new URL(last.location))) throw new Error(`not sent back to the gateway: ${last.status} ${last.text.slice(0, 300)}`);
  return new URL(last.location);
}

/** The whole sign-in; returns the gateway's answer to the callback (a 303 to `returnTo`). */
export async function signIn(browser: Browser, gatewayUrl: string, email: string, password: string, returnTo?: string): Promise<Page> {
  const callback = await authorizeAtIdentity(browser, gatewayUrl, email, password, returnTo);
  return browser.go(callback.toString());
}
