import { z } from 'zod';

/** What the aggregation needs from catalog's `GET /api/catalog/items/:id` (other fields ignored). */
export const catalogProductSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  price: z.number().nonnegative(),
  pictureFileName: z.string(),
  version: z.number().int().nonnegative(),
});

export type CatalogProduct = z.infer<typeof catalogProductSchema>;

/** The line basket-api's `POST /api/basket/items` takes: the client's part plus catalog's. */
export interface BasketLine {
  readonly productId: number;
  readonly quantity: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly pictureUrl: string;
  /** Catalog's row version the price was read at: basket ignores older price changes. */
  readonly version: number;
}

export function toBasketLine(product: CatalogProduct, quantity: number, pictureBaseUrl: string): BasketLine {
  return {
    productId: product.id,
    quantity,
    productName: product.name,
    unitPrice: product.price,
    pictureUrl: pictureUrl(pictureBaseUrl, product.pictureFileName),
    version: product.version,
  };
}

// SIMPLIFICATION: no picture service in this system; the URL is where one would serve it.
function pictureUrl(baseUrl: string, fileName: string): string {
  if (fileName === '') return '';
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(fileName)}`;
}
