import { createHmac, generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { signJws, type TestIdentityProvider } from './test-identity-provider';

export interface TokenCheckRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TokenCheckReply {
  readonly status: number;
  readonly body: unknown;
}

/** One service under test, as the shared token cases see it. */
export interface TokenCheckTarget {
  /** The provider the service trusts (its IDENTITY_URL and IDENTITY_ISSUER point here). */
  readonly identity: TestIdentityProvider;
  /** Sends `route` with this `Authorization` header (none when undefined). */
  send(route: TokenCheckRoute, authorization: string | undefined): Promise<TokenCheckReply>;
  /**
   * A route that needs a token, and what a buyer with a valid one gets there (catalog has no
   * buyer routes: its writes answer a buyer 403, after the token was accepted).
   */
  readonly protectedRoute: TokenCheckRoute & { readonly buyerStatus: number };
  /** A staff route (role `admin`), made ready to succeed for an admin, and its success status. */
  readonly staffRoute?: () => Promise<TokenCheckRoute & { readonly status: number }>;
}

type Forge = (identity: TestIdentityProvider) => string | undefined;

const bearer = (token: string) => `Bearer ${token}`;
const asAdmin = { sub: 'mallory', roles: ['admin'] } as const;
const stranger = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/**
 * Every access token a service must refuse with 401 (issue #16's acceptance list), forged
 * against the provider the service trusts; each claims the role `admin`, so that a service
 * that skipped a check would let it through.
 */
export const REFUSED_TOKENS: ReadonlyArray<readonly [string, Forge, string]> = [
  ['no token', () => undefined, 'missing bearer token'],
  ['a malformed token', () => 'Bearer not-a-jwt', 'malformed bearer token'],
  ['an expired token', (idp) => bearer(idp.tokenSync(asAdmin, { expiresInSeconds: -120 })), 'token expired'],
  ['a token of another issuer', (idp) => bearer(idp.tokenSync(asAdmin, { issuer: 'https://evil.example' })), 'invalid token'],
  ['a token for another audience', (idp) => bearer(idp.tokenSync(asAdmin, { audience: 'another-api' })), 'invalid token'],
  ['a token without exp', (idp) => bearer(idp.tokenSync(asAdmin, { withoutExpiry: true })), 'invalid token'],
  [
    'a token signed with an unknown kid',
    (idp) => bearer(signJws({ alg: 'ES256', kid: 'not-published', typ: 'at+jwt' }, idp.claims(asAdmin), stranger())),
    'invalid token',
  ],
  [
    "a published kid over another key's signature",
    (idp) => bearer(signJws({ alg: 'ES256', kid: idp.kid, typ: 'at+jwt' }, idp.claims(asAdmin), stranger())),
    'invalid token',
  ],
  ['an unsigned token (alg none)', (idp) => bearer(signJws({ alg: 'none', typ: 'JWT' }, idp.claims(asAdmin))), 'invalid token'],
  [
    'HS256 signed with the public key (algorithm confusion)',
    (idp) => {
      const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: idp.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(idp.claims(asAdmin))).toString('base64url')}`;
      const secret = idp.publicKey.export({ type: 'spki', format: 'pem' });
      return bearer(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
    },
    'invalid token',
  ],
];

const messageOf = (body: unknown) => (body as { message?: unknown } | undefined)?.message;

/**
 * The token checks every HTTP service runs on itself (catalog, basket, ordering, the
 * gateway): one table, run against each. Call inside the service's `describe`, after the
 * `beforeAll` that starts it; `target()` is read when the cases run. The first case needs a
 * service that has not verified a token yet: it answers 503, naming the cause, while the
 * provider's keys were never fetched.
 */
export function describeTokenChecks(target: () => TokenCheckTarget, options: { readonly staffRoutes: boolean }): void {
  describe('access tokens', () => {
    it("answers 503 naming the cause while it never got the provider's keys", async () => {
      const { identity, send, protectedRoute } = target();
      identity.setAvailable(false);
      try {
        const reply = await send(protectedRoute, bearer(identity.tokenSync({ sub: 'alice' })));
        expect({ status: reply.status, message: messageOf(reply.body) }).toEqual({
          status: 503,
          message: expect.stringMatching(/^cannot verify tokens: the identity provider's keys are unavailable/),
        });
      } finally {
        identity.setAvailable(true);
      }
    });

    it.each(REFUSED_TOKENS)('refuses %s with a JSON 401', async (_name, forge, message) => {
      const { identity, send, protectedRoute } = target();
      const reply = await send(protectedRoute, forge(identity));
      expect({ status: reply.status, message: messageOf(reply.body) }).toEqual({ status: 401, message });
    });

    it("accepts a buyer's valid token", async () => {
      const { identity, send, protectedRoute } = target();
      const reply = await send(protectedRoute, bearer(identity.tokenSync({ sub: 'alice', name: 'Alice' })));
      expect(reply.status).toBe(protectedRoute.buyerStatus);
    });

    if (options.staffRoutes) {
      it('refuses a buyer on a staff route (403) and lets an admin through', async () => {
        const { identity, send, staffRoute } = target();
        if (!staffRoute) throw new Error('staffRoutes: true needs a staffRoute');
        const route = await staffRoute();
        const buyer = await send(route, bearer(identity.tokenSync({ sub: 'alice' })));
        expect({ status: buyer.status, message: messageOf(buyer.body) }).toEqual({ status: 403, message: 'requires role admin' });
        const admin = await send(route, bearer(identity.tokenSync({ sub: 'admin-1', name: 'Admin', roles: ['admin'] })));
        expect(admin.status).toBe(route.status);
      });
    }
  });
}

/** `send` for an app in this process (a Nest app's HTTP server, not listening) or a base URL. */
export function sendTo(server: Parameters<typeof request>[0]): TokenCheckTarget['send'] {
  return async (route, authorization) => {
    let test = request(server)[route.method.toLowerCase() as 'get'](route.path).set({ ...route.headers });
    if (authorization !== undefined) test = test.set('authorization', authorization);
    const response = await (route.body === undefined ? test : test.send(route.body as object));
    return { status: response.status, body: response.body as unknown };
  };
}
