import { UnknownProductError } from './basket.errors';
import type { BasketLineInput, CatalogProduct, RequestedLine } from './basket';

/**
 * The lines to store: each requested product with catalog's name, price, picture and
 * version. A product catalog does not know is refused, naming the request field
 * (`productId` for one line, `items.<i>.productId` for a list), and nothing is stored.
 */
export function pricedLines(
  requested: readonly RequestedLine[],
  products: ReadonlyMap<number, CatalogProduct>,
  fieldOf: (index: number) => string,
): BasketLineInput[] {
  const lines: BasketLineInput[] = [];
  const unknown: Array<{ field: string; productId: number }> = [];
  requested.forEach((line, index) => {
    const product = products.get(line.productId);
    if (product) lines.push({ ...product, quantity: line.quantity });
    else unknown.push({ field: fieldOf(index), productId: line.productId });
  });
  if (unknown.length > 0) throw new UnknownProductError(unknown);
  return lines;
}
