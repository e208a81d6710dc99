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

/** What a buyer asks for: the product and how many. Everything else comes from catalog. */
export interface RequestedLine {
  readonly productId: number;
  readonly quantity: number;
}

/** A product as catalog sells it now, in basket's terms (price in cents, picture as a URL). */
export interface CatalogProduct {
  readonly productId: number;
  readonly productName: string;
  readonly unitPriceCents: number;
  readonly pictureUrl: string;
  /** Catalog's row version of the item: a price change with a higher one wins. */
  readonly version: number;
}

/** What a write brings: the buyer's quantity with catalog's name, price, picture and version. */
export type BasketLineInput = CatalogProduct & { readonly quantity: number };

/** Caps that keep one basket small enough to read, write and check out in one step. */
export const BASKET_LIMITS = {
  /** Distinct products in one basket (also the most ids catalog reads in one call). */
  maxItems: 100,
  /** Units of one product. */
  maxQuantity: 100,
} as const;
