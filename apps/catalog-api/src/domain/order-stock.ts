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

/**
 * All or nothing: the lines to hold when the stock covers every one of them, else none.
 * `availableByProduct` must be read under the rows' locks, so the answer stays true until commit.
 */
export function reserveOrderStock(
  items: readonly OrderStockItem[],
  availableByProduct: ReadonlyMap<number, number>,
): { readonly confirmed: boolean; readonly verdicts: StockVerdict[]; readonly held: OrderStockItem[] } {
  const verdicts = validateOrderStock(items, availableByProduct);
  const confirmed = verdicts.every((verdict) => verdict.hasStock);
  return { confirmed, verdicts, held: confirmed ? unitsByProduct(items) : [] };
}

/**
 * The units of a paid order that had no reservation (validated before reservations existed),
 * per product: what is left, never more, so the stock cannot go below zero.
 */
export function unreservedTake(
  items: readonly OrderStockItem[],
  availableByProduct: ReadonlyMap<number, number>,
): { readonly taken: OrderStockItem[]; readonly shortfalls: OrderStockItem[] } {
  const taken: OrderStockItem[] = [];
  const shortfalls: OrderStockItem[] = [];
  for (const { productId, units } of unitsByProduct(items)) {
    const removed = Math.min(availableByProduct.get(productId) ?? 0, units);
    if (removed > 0) taken.push({ productId, units: removed });
    if (removed < units) shortfalls.push({ productId, units: units - removed });
  }
  return { taken, shortfalls };
}
