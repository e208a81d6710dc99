import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { IdentityUnavailableError } from './auth.errors';

export interface JwksKeyStoreOptions {
  /** The provider's JWKS document (identity-api serves it at `/jwks`). */
  readonly url: string;
  /** Keys older than this are refreshed in the background; the old set serves meanwhile. */
  readonly refreshAfterMs?: number;
  /** An unknown `kid` fetches the set again, at most this often (a flood of forged kids costs nothing). */
  readonly unknownKidCooldownMs?: number;
  readonly fetchTimeoutMs?: number;
}

type KeyLookup = ReturnType<typeof createLocalJWKSet>;

/**
 * The provider's public keys, cached. Unlike a plain remote key set, a failed refresh keeps
 * the last good set: services go on verifying while identity-api is briefly away. A key the
 * set does not know (after a rotation) triggers one refresh, rate-limited.
 */
export class JwksKeyStore {
  private lookup: KeyLookup | undefined;
  private fetchedAt = 0;
  private lastUnknownKidFetch = 0;
  private inFlight: Promise<void> | undefined;
  /** The last set fetched, as text: a refresh that brings the same keys is not a change. */
  private keySet = '';
  private keySetGeneration = 0;
  private readonly refreshAfterMs: number;
  private readonly cooldownMs: number;

  constructor(private readonly options: JwksKeyStoreOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 5 * 60_000;
    this.cooldownMs = options.unknownKidCooldownMs ?? 30_000;
  }

  /** The `getKey` function jose's `jwtVerify` takes. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    const lookup = await this.current();
    try {
      return await lookup(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (Date.now() - this.lastUnknownKidFetch < this.cooldownMs) throw error;
      this.lastUnknownKidFetch = Date.now();
      await this.refresh().catch(() => undefined); // still unknown → the token is refused
      return (this.lookup ?? lookup)(header, token);
    }
  };

  /**
   * Moves on whenever a fetch brings a different key set (a rotation, a retired key), so that
   * what was verified against an older set can be told apart. Reading it also starts the
   * background refresh of a stale set, as a verification does.
   */
  get generation(): number {
    if (this.lookup && Date.now() - this.fetchedAt > this.refreshAfterMs) void this.refresh().catch(() => undefined);
    return this.keySetGeneration;
  }

  private async current(): Promise<KeyLookup> {
    if (!this.lookup) {
      await this.refresh().catch((error: unknown) => {
        throw new IdentityUnavailableError(error instanceof Error ? error.message : String(error));
      });
    } else if (Date.now() - this.fetchedAt > this.refreshAfterMs) {
      void this.refresh().catch(() => undefined); // keep serving the cached set
    }
    return this.lookup as KeyLookup;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    const response = await fetch(this.options.url, { signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 3_000) });
    if (!response.ok) throw new Error(`GET ${this.options.url} answered ${response.status}`);
    const jwks = (await response.json()) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error(`${this.options.url} is not a JWKS document`);
    this.lookup = createLocalJWKSet(jwks);
    this.fetchedAt = Date.now();
    const keySet = JSON.stringify(jwks.keys);
    if (keySet !== this.keySet) [this.keySet, this.keySetGeneration] = [keySet, this.keySetGeneration + 1];
  }
}
