import { fromCents, type BasketItem } from '@eshop/contracts';
import type { BasketLine } from '../domain/basket';

/** A line as the contract carries it (HTTP and UserCheckoutAccepted): prices in currency units. */
export function toBasketItem(line: BasketLine): BasketItem {
  return {
    id: String(line.productId),
    productId: line.productId,
    productName: line.productName,
    unitPrice: fromCents(line.unitPriceCents),
    oldUnitPrice: fromCents(line.oldUnitPriceCents),
    quantity: line.quantity,
    pictureUrl: line.pictureUrl,
  };
}
