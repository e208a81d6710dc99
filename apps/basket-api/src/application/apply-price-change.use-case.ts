/** A catalog price change, as the basket applies it (price in integer cents). */
export interface PriceChange {
  readonly eventId: string;
  readonly productId: number;
  readonly version: number;
  readonly newPriceCents: number;
}

/** `apply`: go on to the baskets; `duplicate`: already handled; `stale`: a newer one was. */
export type PriceChangeStart = 'apply' | 'duplicate' | 'stale';

/** What the fan-out needs from storage; `PriceChangeRepository` implements it on Redis. */
export interface PriceChangeStore {
  begin(consumer: string, change: PriceChange): Promise<PriceChangeStart>;
  buyersHolding(
    productId: number,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; buyers: string[] }>;
  applyToBaskets(consumer: string, change: PriceChange, buyers: readonly string[]): Promise<number>;
  finish(consumer: string, change: PriceChange): Promise<void>;
}

export interface PriceChangeResult {
  readonly outcome: 'applied' | 'duplicate' | 'stale';
  /** Baskets whose line changed in this run (0 for a duplicate, or a finished redelivery). */
  readonly basketsChanged: number;
}

export interface PriceChangeFanOutOptions {
  /** Whose handled-markers these are: the service queue name. */
  readonly consumer: string;
  /** Baskets per atomic batch. */
  readonly batchSize: number;
}

/**
 * Applies a price change to exactly the baskets that hold the product, found through the
 * reverse index: the cost grows with those baskets, not with all baskets (eShop's handler
 * listed and rewrote every basket). Safe to run twice, concurrently, or again after a crash
 * half-way: every basket is updated at most once per event, and never by an older version.
 */
export class PriceChangeFanOut {
  constructor(
    private readonly store: PriceChangeStore,
    private readonly options: PriceChangeFanOutOptions,
  ) {}

  async apply(change: PriceChange): Promise<PriceChangeResult> {
    const { consumer, batchSize } = this.options;
    const start = await this.store.begin(consumer, change);
    if (start !== 'apply') return { outcome: start, basketsChanged: 0 };
    let cursor = '0';
    let basketsChanged = 0;
    do {
      const page = await this.store.buyersHolding(change.productId, cursor, batchSize);
      // SSCAN's COUNT is a hint: a page may be larger than a batch.
      for (let i = 0; i < page.buyers.length; i += batchSize) {
        const batch = page.buyers.slice(i, i + batchSize);
        basketsChanged += await this.store.applyToBaskets(consumer, change, batch);
      }
      cursor = page.cursor;
    } while (cursor !== '0');
    await this.store.finish(consumer, change);
    return { outcome: 'applied', basketsChanged };
  }
}
