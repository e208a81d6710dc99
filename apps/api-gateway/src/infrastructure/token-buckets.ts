/** A bucket's size and refill: `capacity` calls at once, then `refillPerMs` tokens per ms. */
export interface BucketLimit {
  readonly capacity: number;
  readonly refillPerMs: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  /** When refused: how long until one token is back. */
  readonly retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  readonly limit: BucketLimit;
}

/**
 * Token buckets by key, in memory: O(1) per call. Unlike a fixed window there is no
 * boundary to burst across: over any span T a key gets at most `capacity + refill × T`.
 * SIMPLIFICATION: per gateway instance; several replicas would share a store (Redis).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, limit: BucketLimit): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.capacity, updatedAt: now, limit };
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + (now - bucket.updatedAt) * limit.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / limit.refillPerMs) };
  }

  /** Forgets buckets that have refilled: a full bucket is what a new key gets anyway. */
  sweep(): void {
    const now = this.now();
    for (const [key, { tokens, updatedAt, limit }] of this.buckets) {
      if (tokens + (now - updatedAt) * limit.refillPerMs >= limit.capacity) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
