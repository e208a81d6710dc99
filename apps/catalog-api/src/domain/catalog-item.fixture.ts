import type { CatalogItem } from './catalog-item';

/** A stored item for unit tests of the domain and the use cases (imported by specs only). */
export const trailRunner: CatalogItem = {
  id: 7,
  version: 3,
  name: 'Trail Runner',
  description: 'light',
  priceCents: 12_999,
  pictureFileName: '7.webp',
  catalogTypeId: 1,
  catalogBrandId: 2,
  availableStock: 10,
  restockThreshold: 2,
  maxStockThreshold: 50,
  onReorder: false,
};
