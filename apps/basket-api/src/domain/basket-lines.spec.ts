import type { CatalogProduct } from './basket';
import { pricedLines } from './basket-lines';
import { UnknownProductError } from './basket.errors';

const product = (productId: number, unitPriceCents: number): CatalogProduct => ({
  productId,
  productName: `product ${productId}`,
  unitPriceCents,
  pictureUrl: '',
  version: 3,
});
const catalog = new Map([[1, product(1, 1_999)], [2, product(2, 500)]]);
const field = (index: number) => `items.${index}.productId`;

describe('pricedLines', () => {
  it('takes everything but the quantity from catalog, in the requested order', () => {
    expect(pricedLines([{ productId: 2, quantity: 4 }, { productId: 1, quantity: 1 }], catalog, field)).toEqual([
      { ...product(2, 500), quantity: 4 },
      { ...product(1, 1_999), quantity: 1 },
    ]);
  });

  it('refuses every product catalog does not sell, naming each field', () => {
    const requested = [{ productId: 1, quantity: 1 }, { productId: 7, quantity: 1 }, { productId: 9, quantity: 2 }];
    expect(() => pricedLines(requested, catalog, field)).toThrow(
      new UnknownProductError([
        { field: 'items.1.productId', productId: 7 },
        { field: 'items.2.productId', productId: 9 },
      ]),
    );
    expect(() => pricedLines(requested, catalog, field)).toThrow(
      'items.1.productId: product 7 is not in the catalog; items.2.productId: product 9 is not in the catalog',
    );
  });
});
