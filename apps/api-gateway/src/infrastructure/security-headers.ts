import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * One policy for every answer. Swagger UI at /api/docs loads its scripts and styles from
 * the gateway (inline styles: swagger-ui sets style attributes); JSON answers need none of
 * it, and nothing may frame any page.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * helmet's set (helmet 8 defaults, frame options DENY, the CSP above, no HSTS), written out
 * once: none of it depends on the request. `@fastify/helmet` rebuilt helmet's middleware
 * and re-parsed the CSP on every request (≈ 8 % of the gateway's CPU on a proxied read,
 * docs/adr/0007); security-headers.spec.ts checks that this is exactly what helmet sends.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': Object.entries(CONTENT_SECURITY_POLICY)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join(';'),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const HSTS = 'max-age=31536000; includeSubDomains';
const HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/**
 * Security headers on every answer, errors and 404s included (an onRequest hook runs for
 * every route): nosniff, frame options DENY, the CSP above, no referrer across origins. Set
 * on the raw response, as helmet did, so that whatever writes the answer (a route, Nest's
 * error filter, Fastify's 404) keeps them. HSTS only on answers that went out over TLS: here,
 * or at an ingress that says so (X-Forwarded-Proto: https, with TRUST_PROXY); sent over
 * plain HTTP it would pin a browser to an https the gateway may not have.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of HEADER_ENTRIES) raw.setHeader(name, value);
    if (request.protocol === 'https') raw.setHeader('strict-transport-security', HSTS);
    done();
  });
}
