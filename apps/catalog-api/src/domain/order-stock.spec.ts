import { reserveOrderStock, unreservedTake, validateOrderStock, type OrderStockItem, type StockVerdict } from './order-stock';

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

  it('reserves all or nothing: every line of the order, or none when one line lacks stock', () => {
    expect(reserveOrderStock([line(3, 1), line(1, 2), line(3, 1)], available)).toEqual({
      confirmed: true,
      verdicts: [verdict(1, true), verdict(3, true)],
      held: [line(1, 2), line(3, 2)],
    });
    expect(reserveOrderStock([line(1, 2), line(3, 3)], available)).toEqual({
      confirmed: false,
      verdicts: [verdict(1, true), verdict(3, false)],
      held: [],
    });
  });

  it('takes an unreserved paid order from what is left, never below zero, reporting the shortfall', () => {
    expect(unreservedTake([line(1, 3), line(2, 1), line(3, 4)], available)).toEqual({
      taken: [line(1, 3), line(3, 2)],
      shortfalls: [line(2, 1), line(3, 2)],
    });
  });
});
