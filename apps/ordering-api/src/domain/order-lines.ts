import { InvalidOrderError } from './order.errors';

/** One line of an order; prices in integer cents. */
export interface OrderLine {
  readonly productId: number;
  readonly productName: string;
  readonly unitPriceCents: number;
  readonly units: number;
  readonly pictureUrl: string;
}

/** What the stock validation and the stock removal need from a line. */
export interface StockItem {
  readonly productId: number;
  readonly units: number;
}

/**
 * Checks the lines and merges lines of the same product (eShop's `AddOrderItem` adds the
 * units to the existing line). Two lines of one product at different prices are refused:
 * there is no right price to keep.
 */
export function normaliseLines(lines: readonly OrderLine[]): OrderLine[] {
  if (lines.length === 0) throw new InvalidOrderError('items: an order needs at least one item');
  const merged = new Map<number, OrderLine>();
  lines.forEach((line, index) => {
    assertLine(line, index);
    const existing = merged.get(line.productId);
    if (!existing) {
      merged.set(line.productId, { ...line });
      return;
    }
    if (existing.unitPriceCents !== line.unitPriceCents) {
      throw new InvalidOrderError(
        `items.${index}.unitPrice: product ${line.productId} appears twice at different prices`,
      );
    }
    merged.set(line.productId, { ...existing, units: existing.units + line.units });
  });
  return [...merged.values()];
}

function assertLine(line: OrderLine, index: number): void {
  if (!Number.isSafeInteger(line.units) || line.units <= 0) {
    throw new InvalidOrderError(`items.${index}.units: must be a positive integer`);
  }
  if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) {
    throw new InvalidOrderError(`items.${index}.unitPrice: must be a non-negative amount`);
  }
}

/** Σ units × unit price, in integer cents (never a float sum of prices). */
export function totalCents(lines: readonly OrderLine[]): number {
  const total = lines.reduce((sum, line) => sum + line.units * line.unitPriceCents, 0);
  if (!Number.isSafeInteger(total)) throw new InvalidOrderError('items: the order total is too large');
  return total;
}

export function stockItems(lines: readonly OrderLine[]): StockItem[] {
  return lines.map(({ productId, units }) => ({ productId, units }));
}
