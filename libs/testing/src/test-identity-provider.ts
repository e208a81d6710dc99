import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';

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

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export const TEST_ISSUER = 'http://localhost:8085';

/**
 * What services need of identity-api in their own tests: a JWKS endpoint on a free local
 * port and ES256-signed access tokens (issuer, audience `eshop-api`, sub, name, roles), like
 * the real provider's. Keys rotate on demand; the JWKS then serves the old and the new key.
 */
export class TestIdentityProvider {
  readonly issuer = TEST_ISSUER;
  private keys: SigningKey[] = [];
  private available = true;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestIdentityProvider> {
    const server = createServer();
    const provider = new TestIdentityProvider(server);
    await provider.rotate();
    server.on('request', (req, res) => {
      if (!provider.available || req.url !== '/jwks') return void res.writeHead(provider.available ? 404 : 503).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: provider.keys.map((key) => key.publicJwk) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return provider;
  }

  /** Base URL services use as IDENTITY_URL (`${url}/jwks` holds the keys). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Environment that points a service at this provider. */
  env(): Record<string, string> {
    return { IDENTITY_ISSUER: this.issuer, IDENTITY_URL: this.url };
  }

  /** A new signing key, first in the set; earlier keys stay published (the rotation overlap). */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    this.keys = [{ kid, privateKey, publicJwk }, ...this.keys];
    return kid;
  }

  /** Stops publishing the oldest keys, keeping the newest `count`. */
  retireAllBut(count: number): void {
    this.keys = this.keys.slice(0, count);
  }

  /** While unavailable the JWKS endpoint answers 503 (identity-api down). */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  async token(claims: TestTokenClaims, options: TestTokenOptions = {}): Promise<string> {
    const key = this.keys[0] as SigningKey;
    const jwt = new SignJWT({ name: claims.name ?? claims.sub, roles: [...(claims.roles ?? [])] })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? 'eshop-api')
      .setIssuedAt(options.issuedAt);
    if (!options.withoutExpiry) jwt.setExpirationTime(`${options.expiresInSeconds ?? 600}s`);
    return jwt.sign(key.privateKey);
  }

  /** `Authorization` header value for a buyer (or an admin with `roles: ['admin']`). */
  async bearer(claims: TestTokenClaims): Promise<string> {
    return `Bearer ${await this.token(claims)}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
