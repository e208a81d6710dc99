import { TestIdentityProvider } from '@eshop/testing';

/** One HTTP exchange as a client saw it: status, headers, the raw text and its JSON (if any). */
export interface Exchange<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: T;
}

export interface SendOptions {
  /** JSON-encoded. */
  readonly body?: unknown;
  /** Sent as it is (malformed, deep or oversized JSON), as `application/json` unless `headers` say otherwise. */
  readonly rawBody?: string;
  /** A bearer token (see `tokenFor`); none when absent. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

/** A valid buyer's token of this run (ES256, the run's identity provider, 10 min) for `buyer`. */
export function tokenFor(buyer: string, name = `Buyer ${buyer}`): string {
  return TestIdentityProvider.shared.tokenSync({ sub: buyer, name });
}

/** A staff token (role `admin`): catalog writes and shipping. */
export function adminToken(id = 'admin', name = 'Admin'): string {
  return TestIdentityProvider.shared.tokenSync({ sub: id, name, roles: ['admin'] });
}

export async function send<T = unknown>(baseUrl: string, method: string, path: string, options: SendOptions = {}): Promise<Exchange<T>> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: parse(text) as T };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
