/**
 * A basket line as basket-api keeps it: one line per product, prices in integer cents.
 * `version` is the catalog item version the unit price comes from; it is what lets a price
 * change, a late duplicate and a racing basket write agree on which price is the newest.
 */
export interface BasketLine {
  readonly productId: number;
  readonly productName: string;
  readonly unitPriceCents: number;
  /** The price before the last change; differs from `unitPriceCents` to warn the buyer. */
  readonly oldUnitPriceCents: number;
  readonly quantity: number;
  readonly pictureUrl: string;
  readonly version: number;
}

export interface Basket {
  readonly buyerId: string;
  readonly lines: readonly BasketLine[];
}

/** What a write brings: a price the writer saw, from the catalog `version` if it knows it. */
export interface BasketLineInput {
  readonly productId: number;
  readonly productName: string;
  readonly unitPriceCents: number;
  readonly oldUnitPriceCents?: number;
  readonly quantity: number;
  readonly pictureUrl: string;
  /** `UNKNOWN_VERSION` when the writer does not know it: any applied price change wins. */
  readonly version: number;
}

/** Lower than every catalog version (they start at 0). */
export const UNKNOWN_VERSION = -1;

/** Caps that keep one basket small enough to read, write and check out in one step. */
export const BASKET_LIMITS = {
  /** Distinct products in one basket. */
  maxItems: 100,
  /** Units of one product. */
  maxQuantity: 100,
  /** Largest unit price accepted, in currency units (keeps cents exact in Lua's doubles). */
  maxUnitPrice: 1_000_000,
} as const;
