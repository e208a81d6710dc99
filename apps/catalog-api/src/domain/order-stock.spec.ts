import { removeStock, validateOrderStock, type OrderStockItem, type StockVerdict } from './order-stock';

describe('order stock', () => {
  const available = new Map([
    [1, 5],
    [2, 0],
    [3, 2],
  ]);
  const line = (productId: number, units: number): OrderStockItem => ({ productId, units });
  const verdict = (productId: number, hasStock: boolean): StockVerdict => ({ productId, hasStock });

  it.each<[string, OrderStockItem[], StockVerdict[]]>([
    [
      'says per product whether the stock covers the units',
      [line(1, 5), line(2, 1), line(3, 3)],
      [verdict(1, true), verdict(2, false), verdict(3, false)],
    ],
    [
      'counts a product listed twice once, with both lines units, and an unknown product has none',
      [line(3, 1), line(3, 2), line(99, 1)],
      [verdict(3, false), verdict(99, false)],
    ],
  ])('%s', (_, lines, verdicts) => {
    expect(validateOrderStock(lines, available)).toEqual(verdicts);
  });

  it('removes the units, stopping at zero and reporting a shortfall', () => {
    expect(removeStock(10, 3)).toEqual({ availableStock: 7, shortfall: 0 });
    expect(removeStock(2, 3)).toEqual({ availableStock: 0, shortfall: 1 });
  });
});
