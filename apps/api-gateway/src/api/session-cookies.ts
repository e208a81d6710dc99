import type { FastifyReply, FastifyRequest } from 'fastify';

/** Holds only a random session id; the tokens stay in Redis. */
export const SESSION_COOKIE = 'eshop_session';
/** Binds /auth/callback to the browser that went to /auth/login (login CSRF). */
export const SIGN_IN_COOKIE = 'eshop_signin';

export interface CookieOptions {
  readonly path: string;
  /** Seconds; omitted: a browser-session cookie. 0 deletes it. */
  readonly maxAge?: number;
}

/** The value of one cookie of the request, if sent. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * httpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs, still sent when
 * identity-api sends the browser back), Secure when the request came over TLS: here, or at
 * an ingress that says so (X-Forwarded-Proto with TRUST_PROXY; Fastify's `protocol`).
 * Values are our own base64url ids: nothing to encode.
 */
export function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const attributes = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAge !== undefined) attributes.push(`Max-Age=${options.maxAge}`);
  if (request.protocol === 'https') attributes.push('Secure');
  // Fastify appends Set-Cookie headers rather than replacing them.
  void reply.header('set-cookie', attributes.join('; '));
}

export function clearCookie(request: FastifyRequest, reply: FastifyReply, name: string, path: string): void {
  setCookie(request, reply, name, '', { path, maxAge: 0 });
}

/** POST, PUT, PATCH, DELETE: on a session, these need the CSRF token. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
