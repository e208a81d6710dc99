import helmet from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers';

/** Fastify's own headers of a reply, not the security set. */
const FRAMING = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

describe('security headers', () => {
  it("are exactly what helmet sends with the gateway's options, computed once", async () => {
    const fastify = new FastifyAdapter().getInstance();
    await fastify.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      frameguard: { action: 'deny' },
      strictTransportSecurity: false,
    });
    fastify.get('/probe', () => ({ ok: true }));
    const reply = await fastify.inject({ method: 'GET', url: '/probe' });
    await fastify.close();
    const helmets = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !FRAMING.has(name)));
    expect(SECURITY_HEADERS).toEqual(helmets);
    expect(SECURITY_HEADERS['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
