import type { Buyer } from './buyer';

export interface VerifiedTokenCacheOptions {
  /** Most tokens remembered; the least recently used is dropped first. 0 turns the cache off. */
  readonly maxEntries?: number;
  /** Longer tokens are not remembered (identity-api's are well under 2 kB). */
  readonly maxTokenLength?: number;
  /** Seconds since the epoch (tests set the clock). */
  readonly nowSeconds?: () => number;
}

interface Entry {
  readonly buyer: Buyer;
  /** The token's `exp`: the entry serves strictly before it, with no clock tolerance. */
  readonly expiresAt: number;
  /** The provider's key set the signature was checked against (JwksKeyStore.generation). */
  readonly keys: number;
}

/**
 * Tokens already verified, keyed by the whole token string (header, claims and signature), so
 * a repeated bearer token skips the signature check (ES256 was ~14 % of a catalog PUT's CPU,
 * docs/benchmarks.md). Only successes are remembered; a refused token is checked in full
 * every time. An entry is dropped when its `exp` is reached, even though the full check would
 * still grant the clock tolerance, and when the provider's key set changed since it was
 * verified (a retired key stops vouching for its tokens at the next JWKS refresh).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxTokenLength: number;
  private readonly nowSeconds: () => number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxTokenLength = options.maxTokenLength ?? 4_096;
    this.nowSeconds = options.nowSeconds ?? (() => Date.now() / 1000);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The buyer of a token verified against key set `keys` and not yet expired, else undefined. */
  get(token: string, keys: number): Buyer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.keys !== keys || this.nowSeconds() >= entry.expiresAt) return undefined;
    this.entries.set(token, entry); // most recently used last
    return entry.buyer;
  }

  /** Remembers a verified token until `expiresAt` (its `exp`, seconds). */
  set(token: string, buyer: Buyer, expiresAt: number, keys: number): void {
    if (this.maxEntries <= 0 || token.length > this.maxTokenLength || this.nowSeconds() >= expiresAt) return;
    this.entries.delete(token);
    this.entries.set(token, { buyer, expiresAt, keys });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
