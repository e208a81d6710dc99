/** A line of an order as the saga hands it to catalog. */
export interface OrderStockItem {
  readonly productId: number;
  readonly units: number;
}

export interface StockVerdict {
  readonly productId: number;
  readonly hasStock: boolean;
}

/**
 * Stock validation of an order (eShop's OrderStatusChangedToAwaitingValidation handler):
 * a line has stock when its product exists and holds at least the units. A product listed
 * twice is checked against the units of both lines together.
 */
export function validateOrderStock(
  items: readonly OrderStockItem[],
  availableByProduct: ReadonlyMap<number, number>,
): StockVerdict[] {
  return unitsByProduct(items).map(({ productId, units }) => ({
    productId,
    hasStock: (availableByProduct.get(productId) ?? -1) >= units,
  }));
}

/** The units wanted per product, products in ascending id order (the order rows are locked in). */
export function unitsByProduct(items: readonly OrderStockItem[]): OrderStockItem[] {
  const wanted = new Map<number, number>();
  for (const item of items) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.units);
  return [...wanted]
    .map(([productId, units]) => ({ productId, units }))
    .sort((a, b) => a.productId - b.productId);
}

export interface StockRemoval {
  readonly availableStock: number;
  /** Units the order wanted beyond what was left (0 normally; see removeStock). */
  readonly shortfall: number;
}

/**
 * Takes a paid order's units out of stock. SIMPLIFICATION (ADR 0008): validation reserves
 * nothing, so two orders validated against the same last units can both be paid; then stock
 * stops at 0 and the shortfall is reported, as eShop's RemoveStock does, rather than failing
 * a payment that already happened.
 */
export function removeStock(availableStock: number, units: number): StockRemoval {
  const removed = Math.min(availableStock, units);
  return { availableStock: availableStock - removed, shortfall: units - removed };
}
