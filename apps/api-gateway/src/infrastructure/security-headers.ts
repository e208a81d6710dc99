import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * One policy for every answer. Swagger UI at /api/docs loads its scripts and styles from
 * the gateway (inline styles: swagger-ui sets style attributes); JSON answers need none of
 * it, and nothing may frame any page.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer, errors included, with helmet: nosniff, frame options
 * DENY, the CSP above, no referrer across origins. HSTS only on answers that went out over
 * TLS: here, or at an ingress that says so (X-Forwarded-Proto: https, with TRUST_PROXY);
 * sent over plain HTTP it would pin a browser to an https the gateway may not have.
 */
export async function useSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done();
  });
}
