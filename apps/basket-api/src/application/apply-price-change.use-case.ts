import type { PriceChange, PriceChangeRepositoryPort } from './price-change-repository.port';

export interface PriceChangeResult {
  readonly outcome: 'applied' | 'duplicate' | 'stale';
  /** Baskets whose line changed in this run (0 for a duplicate, or a finished redelivery). */
  readonly basketsChanged: number;
}

export interface ApplyPriceChangeOptions {
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
export class ApplyPriceChangeUseCase {
  constructor(
    private readonly store: PriceChangeRepositoryPort,
    private readonly options: ApplyPriceChangeOptions,
  ) {}

  async execute(change: PriceChange): Promise<PriceChangeResult> {
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
