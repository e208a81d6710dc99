import { fromCents, toCents } from '@eshop/contracts';
import { EmptyBasketError } from './gateway.errors';

/** A line of the caller's basket as basket-api holds it: name and price came from catalog. */
export interface BasketLine {
  readonly productId: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly pictureUrl: string;
}

/** A line of the draft, as ordering words an order's lines (`units`, not `quantity`). */
export interface OrderDraftItem {
  readonly productId: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly units: number;
  readonly pictureUrl: string;
}

/** `POST /api/orders/draft`: the order the basket would make. Computed per request, never stored. */
export interface OrderDraft {
  readonly items: OrderDraftItem[];
  readonly total: number;
}

/**
 * The draft of a basket: its lines and their total, summed in integer cents (never a float
 * sum of prices). basket-api keeps one line per product, so nothing needs merging; a checkout
 * of the same basket makes an order of the same lines and total (ordering sums them alike).
 */
export function draftOfBasket(lines: readonly BasketLine[]): OrderDraft {
  if (lines.length === 0) throw new EmptyBasketError();
  const items = lines.map(({ productId, productName, unitPrice, quantity, pictureUrl }) => ({
    productId,
    productName,
    unitPrice,
    units: quantity,
    pictureUrl,
  }));
  const totalCents = items.reduce((sum, line) => sum + toCents(line.unitPrice) * line.units, 0);
  return { items, total: fromCents(totalCents) };
}
