import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface TestTokenClaims {
  readonly sub: string;
  readonly name?: string;
  readonly roles?: readonly string[];
}

export interface TestTokenOptions {
  readonly expiresInSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Omit `exp` altogether (a token that would never expire: must be refused). */
  readonly withoutExpiry?: boolean;
  readonly issuedAt?: number;
}

type PublicJwk = Record<string, unknown> & { readonly kid: string };

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: PublicJwk;
}

export const TEST_ISSUER = 'http://localhost:8085';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS, signed synchronously: ES256 (P-256, raw r||s as JWS wants it) with a
 * private key; `none` with no key. Tests use it to forge the tokens a service must refuse.
 */
export function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey?: KeyObject): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  if (!privateKey) return `${input}.`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

function newSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

/**
 * What services need of identity-api in their own tests: a JWKS endpoint on a free local
 * port and ES256-signed access tokens (issuer, audience `eshop-api`, sub, name, roles), like
 * the real provider's, signed synchronously so that token helpers stay plain functions.
 * Keys rotate on demand; the JWKS then serves the old and the new key.
 */
export class TestIdentityProvider {
  private static processProvider: TestIdentityProvider | undefined;
  readonly issuer = TEST_ISSUER;
  private keys: SigningKey[] = [newSigningKey()];
  private available = true;
  private listening: Promise<this> | undefined;
  private readonly server: Server = createServer((req, res) => {
    // No keep-alive: an idle test provider must hold no socket open (it never keeps jest alive).
    res.setHeader('connection', 'close');
    if (!this.available || req.url !== '/jwks') return void res.writeHead(this.available ? 404 : 503).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: this.keys.map((key) => key.publicJwk) }));
  });

  /**
   * The provider of this test process (with jest: of this test file), so that fixtures'
   * `tokenFor()` can sign before anything listens. `await listen()` before using its `env()`;
   * it is never stopped (its server does not keep the process alive).
   */
  static get shared(): TestIdentityProvider {
    return (TestIdentityProvider.processProvider ??= new TestIdentityProvider());
  }

  /** A provider of its own, listening (stop it after the test). */
  static start(): Promise<TestIdentityProvider> {
    return new TestIdentityProvider().listen();
  }

  /** Starts serving the JWKS on a free local port (once; later calls wait for the same start). */
  listen(): Promise<this> {
    this.listening ??= new Promise<this>((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        if (this === TestIdentityProvider.processProvider) this.server.unref();
        resolve(this);
      });
    });
    return this.listening;
  }

  /** Base URL services use as IDENTITY_URL (`${url}/jwks` holds the keys). */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('TestIdentityProvider: await listen() before asking for its url');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Environment that points a service at this provider. */
  env(): Record<string, string> {
    return { IDENTITY_ISSUER: this.issuer, IDENTITY_URL: this.url };
  }

  /** A new signing key, first in the set; earlier keys stay published (the rotation overlap). */
  async rotate(): Promise<string> {
    const key = newSigningKey();
    this.keys = [key, ...this.keys];
    return key.kid;
  }

  /** Stops publishing the oldest keys, keeping the newest `count`. */
  retireAllBut(count: number): void {
    this.keys = this.keys.slice(0, count);
  }

  /** While unavailable the JWKS endpoint answers 503 (identity-api down). */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  /** The current signing key's public half and id (tests that forge tokens with them). */
  get publicKey(): KeyObject {
    return (this.keys[0] as SigningKey).publicKey;
  }

  get kid(): string {
    return (this.keys[0] as SigningKey).kid;
  }

  /** The claims the provider would put in a token, before signing. */
  claims(claims: TestTokenClaims, options: TestTokenOptions = {}): Record<string, unknown> {
    const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
    return {
      name: claims.name ?? claims.sub,
      roles: [...(claims.roles ?? [])],
      sub: claims.sub,
      iss: options.issuer ?? this.issuer,
      aud: options.audience ?? 'eshop-api',
      iat,
      ...(options.withoutExpiry ? {} : { exp: Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 600) }),
    };
  }

  /** An access token signed with the current key, synchronously. */
  tokenSync(claims: TestTokenClaims, options: TestTokenOptions = {}): string {
    const key = this.keys[0] as SigningKey;
    return signJws({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' }, this.claims(claims, options), key.privateKey);
  }

  async token(claims: TestTokenClaims, options: TestTokenOptions = {}): Promise<string> {
    return this.tokenSync(claims, options);
  }

  /** `Authorization` header value for a buyer (or an admin with `roles: ['admin']`). */
  async bearer(claims: TestTokenClaims): Promise<string> {
    return `Bearer ${this.tokenSync(claims)}`;
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
