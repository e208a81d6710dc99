import { randomUUID } from 'node:crypto';
import { send, tokenFor, type Exchange, type SendOptions } from '../support/http';
import type { Shop } from '../support/shop';
import type { AppName, TestSystem } from '../support/system';
import { useSystem } from '../support/use-system';
import { tokenVariants } from './tokens';

const SERVICES: readonly AppName[] = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api'];

/**
 * Issue 12 §4, the edge, against the built gateway in front of the real services: security
 * headers, no X-Powered-By anywhere, strict token claims at the gateway and at every service
 * (each verifies tokens itself), a public readiness answer that shows the status only, and
 * per-route-class rate limits (writes refused before reads).
 */
describe('never trust the client: the edge (gateway + four services as processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  useSystem([...SERVICES, 'api-gateway'], (started) => ({ system, shop } = started));

  const gateway = (method: string, path: string, options: SendOptions = {}) => send(system.url('api-gateway'), method, path, options);
  const headersOf = (reply: Exchange) => ({
    nosniff: reply.headers.get('x-content-type-options'),
    frame: reply.headers.get('x-frame-options'),
    csp: reply.headers.get('content-security-policy'),
    poweredBy: reply.headers.get('x-powered-by'),
  });

  it('§4 security headers on every gateway answer: forwarded, refused, not found, bad input, docs', async () => {
    const product = await shop.createProduct();
    const token = tokenFor('header-checker');
    const answers = [
      await gateway('GET', `/api/catalog/items/${product.id}`),
      await gateway('GET', '/api/basket'),
      await gateway('GET', '/api/nothing-here'),
      await gateway('POST', '/api/basket/items', { token, body: { productId: 'x' } }),
      await gateway('GET', '/api/basket', { token }),
      await gateway('GET', '/api/docs'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 400, 200, 200]);
    for (const answer of answers) {
      expect(headersOf(answer)).toEqual({ nosniff: 'nosniff', frame: 'DENY', csp: expect.stringContaining("script-src 'self'"), poweredBy: null });
    }
  });

  it('§4 no service answers with X-Powered-By (health, a read, an error)', async () => {
    const token = tokenFor('powered-by-checker');
    const found: string[] = [];
    for (const app of SERVICES) {
      for (const path of ['/health/ready', '/health/live', '/api/nothing-here', '/api/basket', '/api/orders']) {
        const reply = await send(system.url(app), 'GET', path, { token });
        const value = reply.headers.get('x-powered-by');
        if (value !== null) found.push(`${app} GET ${path}: ${reply.status} X-Powered-By: ${value}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('§4 every refused token (claims, unknown kid, forged signature, alg none, algorithm confusion) → 401 at the gateway and at every service', async () => {
    const { valid, refused } = tokenVariants('claims-checker');
    const targets: Array<[string, string, string]> = [
      ['api-gateway', 'GET', '/api/basket'],
      ['api-gateway', 'GET', '/api/orders'],
      ['basket-api', 'GET', '/api/basket'],
      ['ordering-api', 'GET', '/api/orders'],
      ['catalog-api', 'DELETE', '/api/catalog/items/2000000000'],
    ];
    const baseline = await Promise.all(targets.map(([app, method, path]) => send(system.url(app as AppName), method, path, { token: valid })));
    // The valid (staff) token passes (catalog then looks for the item: 404).
    expect(baseline.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 404]);
    const accepted: string[] = [];
    for (const [kind, token] of Object.entries(refused)) {
      for (const [app, method, path] of targets) {
        const reply = await send(system.url(app as AppName), method, path, { token });
        if (reply.status !== 401) accepted.push(`${kind} → ${app} ${method} ${path}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('§4 the public /health/ready of the gateway shows the status only', async () => {
    const ready = await gateway('GET', '/health/ready');
    expect(ready.status).toBe(200);
    // Terminus' envelope may stay, but empty: no check of any upstream, breaker or queue.
    const { status, ...rest } = ready.body as { status: string } & Record<string, unknown>;
    expect(status).toBe('ok');
    for (const value of Object.values(rest)) expect(value).toEqual({});
    expect(ready.text).not.toMatch(/circuit|breaker|bulkhead|queue|catalog-api|basket-api|ordering-api|redis|postgres|amqp/i);
  });

  it('§4 with the default budgets, a burst of writes is refused (429, Retry-After) before a burst of reads of the same size', async () => {
    // A gateway of its own with the default budgets spelled out (the system's gateway has wide ones):
    // reads 600/min, 60 at once; writes 120/min, 12 at once.
    await system.startInstance('api-gateway#2', {
      RATE_LIMIT_MAX: '600', RATE_LIMIT_BURST: '60', RATE_LIMIT_WRITE_MAX: '120', RATE_LIMIT_WRITE_BURST: '12',
    });
    const product = await shop.createProduct();
    const token = tokenFor('burster');
    const BURST = 40;
    const burst = async (client: string, method: string, path: string, body?: unknown) => {
      const replies: Exchange[] = [];
      for (let i = 0; i < BURST; i++) {
        replies.push(await send(system.url('api-gateway#2'), method, path, {
          token, headers: { 'x-forwarded-for': client, 'x-requestid': randomUUID() }, ...(body === undefined ? {} : { body }),
        }));
      }
      return replies;
    };
    const writes = await burst('10.9.0.1', 'PUT', '/api/basket', { items: [{ productId: product.id, quantity: 1 }] });
    const reads = await burst('10.9.0.2', 'GET', `/api/catalog/items/${product.id}`);
    const refused = (replies: Exchange[]) => replies.filter((reply) => reply.status === 429);
    console.log(`[edge] rate limits (defaults): writes ${BURST} sent, ${refused(writes).length} refused; reads ${BURST} sent, ${refused(reads).length} refused`);
    expect(refused(writes).length).toBeGreaterThan(0);
    expect(refused(reads)).toEqual([]);
    expect(writes.filter((reply) => reply.status !== 429).every((reply) => reply.status === 200)).toBe(true);
    const first = refused(writes)[0] as Exchange;
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(headersOf(first).nosniff).toBe('nosniff');
  }, 120_000);
});
