import { errors, jwtVerify } from 'jose';
import { InvalidTokenError } from './auth.errors';
import type { Buyer } from './buyer';
import { JwksKeyStore } from './jwks-key-store';
import { VerifiedTokenCache } from './verified-token-cache';

/** Who issues tokens and for whom (contract: issuer = IDENTITY_ISSUER, audience `eshop-api`). */
export interface TokenScope {
  readonly issuer: string;
  readonly audience: string;
}

export const API_AUDIENCE = 'eshop-api';

/** Clocks of issuer and verifier may differ by this much, and no more. */
export const CLOCK_SKEW_SECONDS = 30;

/** Asymmetric algorithms only: no `none`, no HS* (a public key used as an HMAC secret). */
const ALLOWED_ALGORITHMS = ['ES256', 'RS256'];

export interface AccessTokenVerifierOptions extends TokenScope {
  /** Where this service fetches the provider's keys: `${IDENTITY_URL}/jwks`. */
  readonly jwksUrl: string;
  /** Verified tokens remembered until their `exp` (VerifiedTokenCache); 0 checks every token in full. Default 10,000. */
  readonly cacheSize?: number;
  /** How old the key set may get before a background refresh (default 5 minutes). */
  readonly keysRefreshAfterMs?: number;
}

/**
 * Verifies an access token from identity-api against the provider's JWKS: algorithm
 * allow-list, issuer, audience, `exp` and `sub` required, bounded clock skew, `iat` not in the
 * future. Every service runs this itself; the gateway's check is not trusted downstream.
 */
export class AccessTokenVerifier {
  private readonly keys: JwksKeyStore;
  private readonly verified: VerifiedTokenCache;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.keys = new JwksKeyStore({ url: options.jwksUrl, refreshAfterMs: options.keysRefreshAfterMs });
    this.verified = new VerifiedTokenCache({ maxEntries: options.cacheSize });
  }

  /** A token seen before is answered from the cache of verified tokens while it is unexpired and its key set current. */
  async verify(token: string): Promise<Buyer> {
    const keys = this.keys.generation;
    const known = this.verified.get(token, keys);
    if (known) return known;
    const { buyer, expiresAt } = await this.check(token);
    // Remembered only when the key set stayed the same during the check (the very first check
    // fetches the first set, so a token is remembered from its second use on).
    if (this.keys.generation === keys) this.verified.set(token, buyer, expiresAt, keys);
    return buyer;
  }

  private async check(token: string): Promise<{ buyer: Buyer; expiresAt: number }> {
    let claims: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys.getKey, {
        algorithms: ALLOWED_ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      throw toInvalidToken(error);
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_SKEW_SECONDS) {
      throw new InvalidTokenError('TOKEN_INVALID', 'token issued in the future');
    }
    const sub = claims.sub ?? '';
    if (sub === '') throw new InvalidTokenError('TOKEN_INVALID', 'token has no subject');
    const name = typeof claims['name'] === 'string' ? claims['name'] : sub;
    const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((r): r is string => typeof r === 'string') : [];
    // Shared by every request that presents this token: frozen, so no caller can change another's buyer.
    const buyer: Buyer = Object.freeze({ id: sub, name, roles: Object.freeze(roles) });
    return { buyer, expiresAt: claims.exp as number }; // required above
  }
}

function toInvalidToken(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('TOKEN_EXPIRED', 'token expired');
  if (error instanceof errors.JOSEError) return new InvalidTokenError('TOKEN_INVALID', 'invalid token');
  if (error instanceof InvalidTokenError) return error;
  // IdentityUnavailableError and anything unexpected pass through: not the client's fault.
  return error instanceof Error ? error : new Error(String(error));
}
