import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { importJWK, SignJWT } from 'jose';
import type { AccessTokenSigner, TokenSubject } from '../application/access-token-signer.port';
import { PROVIDER_KEYS, type ProviderKeys } from '../application/load-keys.use-case';
import { IDENTITY_API_CONFIG, type IdentityApiConfig } from '../identity-api.config';
import { API_AUDIENCE, API_SCOPE } from './oidc/oidc-configuration';

/** The client id dev tokens name, so a log line tells them from real ones. */
const DEV_TOKEN_CLIENT_ID = 'dev-token';

/**
 * Signs access tokens exactly as the provider does for `eshop-api` (header `typ: at+jwt`,
 * current key and kid; iss, aud, sub, exp, iat, jti, client_id, scope, name, roles), for
 * POST /dev/token. jose is the library oidc-provider itself signs with.
 */
@Injectable()
export class JwtAccessTokenSigner implements AccessTokenSigner {
  constructor(
    @Inject(PROVIDER_KEYS) private readonly keys: ProviderKeys,
    @Inject(IDENTITY_API_CONFIG) private readonly config: IdentityApiConfig,
  ) {}

  async sign(subject: TokenSubject): Promise<string> {
    const jwk = this.keys.signing[0]!;
    const key = await importJWK(jwk, jwk.alg);
    return new SignJWT({ client_id: DEV_TOKEN_CLIENT_ID, scope: API_SCOPE, name: subject.name, roles: [...subject.roles] })
      .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: 'at+jwt' })
      .setIssuer(this.config.IDENTITY_ISSUER)
      .setAudience(API_AUDIENCE)
      .setSubject(subject.id)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(key);
  }
}
