/** A catalog price change, as the basket applies it (price in integer cents). */
export interface PriceChange {
  readonly eventId: string;
  readonly productId: number;
  readonly version: number;
  readonly newPriceCents: number;
}

/** `apply`: go on to the baskets; `duplicate`: already handled; `stale`: a newer one was. */
export type PriceChangeStart = 'apply' | 'duplicate' | 'stale';

/**
 * What the price-change fan-out needs from storage. Each step is atomic and idempotent per
 * (`consumer`, event): a redelivery after a crash finishes the work without redoing any.
 */
export interface PriceChangeRepositoryPort {
  /** Drops a duplicate or an older version; else records the product's newest price. */
  begin(consumer: string, change: PriceChange): Promise<PriceChangeStart>;
  /** One page of the reverse index: the buyers whose basket holds the product. */
  buyersHolding(productId: number, cursor: string, count: number): Promise<{ cursor: string; buyers: string[] }>;
  /** Brings the lines of `buyers` not yet at this change's version up to it (a line only moves up); returns how many changed. */
  applyToBaskets(consumer: string, change: PriceChange, buyers: readonly string[]): Promise<number>;
  /** Marks the event handled: every later delivery stops at `begin`. */
  finish(consumer: string, change: PriceChange): Promise<void>;
}

export const PRICE_CHANGE_REPOSITORY = Symbol('PRICE_CHANGE_REPOSITORY');
