import { removeStock, validateOrderStock } from './order-stock';

describe('order stock', () => {
  const available = new Map([
    [1, 5],
    [2, 0],
    [3, 2],
  ]);

  it('says per product whether the stock covers the units', () => {
    expect(
      validateOrderStock(
        [
          { productId: 1, units: 5 },
          { productId: 2, units: 1 },
          { productId: 3, units: 3 },
        ],
        available,
      ),
    ).toEqual([
      { productId: 1, hasStock: true },
      { productId: 2, hasStock: false },
      { productId: 3, hasStock: false },
    ]);
  });

  it('counts a product listed twice once, with both lines units, and an unknown product has none', () => {
    expect(
      validateOrderStock(
        [
          { productId: 3, units: 1 },
          { productId: 3, units: 2 },
          { productId: 99, units: 1 },
        ],
        available,
      ),
    ).toEqual([
      { productId: 3, hasStock: false },
      { productId: 99, hasStock: false },
    ]);
  });

  it('removes the units, stopping at zero and reporting a shortfall', () => {
    expect(removeStock(10, 3)).toEqual({ availableStock: 7, shortfall: 0 });
    expect(removeStock(2, 3)).toEqual({ availableStock: 0, shortfall: 1 });
  });
});
