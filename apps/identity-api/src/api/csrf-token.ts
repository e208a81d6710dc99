import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection for the sign-in forms: each interaction gets its own token, an HMAC of
 * the interaction id under a server secret, sent in a hidden field and checked on POST.
 * The interaction itself is found through the browser's SameSite cookie, so a forged
 * form would need both that cookie and a token only our page could have shown.
 */
export function csrfTokenFor(secret: string, interactionUid: string): string {
  return createHmac('sha256', secret).update(`csrf:${interactionUid}`).digest('base64url');
}

export function isValidCsrfToken(secret: string, interactionUid: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(secret, interactionUid));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The secret (the newest cookie key): provided by the composition root. */
export const CSRF_SECRET = Symbol('CSRF_SECRET');
