import { formatPrice, toCents } from '../money/money';

export interface PricedLine {
  readonly unitPrice: number;
  readonly oldUnitPrice: number;
  readonly quantity: number;
}

/**
 * The notice on a basket line whose price changed since it was added: basket-api keeps the
 * price it first showed in `oldUnitPrice` and updates `unitPrice` from catalog's
 * ProductPriceChanged events (outbox → relay → idempotent handler). Compared in cents.
 */
export function priceChangeNotice(line: PricedLine): string | null {
  if (toCents(line.oldUnitPrice) === toCents(line.unitPrice)) return null;
  return `Price changed from ${formatPrice(line.oldUnitPrice)} to ${formatPrice(line.unitPrice)}`;
}

/** The basket's total at current prices, in cents. */
export function basketTotalCents(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + toCents(line.unitPrice) * line.quantity, 0);
}
