import { CatalogItemVersionConflictError } from './catalog.errors';

/**
 * What a client may set on an item. Prices are integer cents, so sums and comparisons are
 * exact; they become currency units only at the edges (`toCents`/`fromCents` in @eshop/contracts).
 */
export interface CatalogItemData {
  readonly name: string;
  readonly description: string;
  readonly priceCents: number;
  readonly pictureFileName: string;
  readonly catalogTypeId: number;
  readonly catalogBrandId: number;
  /**
   * Units that can still be ordered: the stock NOT reserved by a validated order (issue 14).
   * A validation takes its units out, a cancellation puts them back, a payment leaves them out.
   */
  readonly availableStock: number;
  readonly restockThreshold: number;
  readonly maxStockThreshold: number;
  readonly onReorder: boolean;
}

export interface CatalogItem extends CatalogItemData {
  readonly id: number;
  /** 1 when created, +1 on every update: the optimistic-concurrency token and event version. */
  readonly version: number;
}

/** The fact behind ProductPriceChangedIntegrationEvent. */
export interface PriceChange {
  readonly productId: number;
  readonly oldPriceCents: number;
  readonly newPriceCents: number;
  /** The item's version after the change. */
  readonly version: number;
}

export interface Replacement {
  readonly item: CatalogItem;
  readonly priceChange: PriceChange | undefined;
}

/**
 * Replaces an item's data, provided the client edited the current version. Every update
 * moves the version on; only a different price is a price change.
 */
export function replaceCatalogItem(
  current: CatalogItem,
  editedVersion: number,
  data: CatalogItemData,
): Replacement {
  if (editedVersion !== current.version) {
    throw new CatalogItemVersionConflictError(current.id, editedVersion, current.version);
  }
  const item: CatalogItem = { ...data, id: current.id, version: current.version + 1 };
  const priceChange =
    data.priceCents === current.priceCents
      ? undefined
      : {
          productId: item.id,
          oldPriceCents: current.priceCents,
          newPriceCents: item.priceCents,
          version: item.version,
        };
  return { item, priceChange };
}
