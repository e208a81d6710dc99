// @vitest-environment node
// (Pure logic: no DOM needed, and jsdom costs seconds per file.)
import { describe, expect, it } from 'vitest';
import { basketTotalCents, priceChangeNotice } from './price-change';

describe('price-change notice', () => {
  it('names the old and the new price when they differ', () => {
    expect(priceChangeNotice({ unitPrice: 15, oldUnitPrice: 12.5, quantity: 1 })).toBe('Price changed from $12.50 to $15.00');
    expect(priceChangeNotice({ unitPrice: 9.99, oldUnitPrice: 10, quantity: 1 })).toBe('Price changed from $10.00 to $9.99');
  });

  it('says nothing when the price is the same', () => {
    expect(priceChangeNotice({ unitPrice: 15, oldUnitPrice: 15, quantity: 3 })).toBeNull();
  });

  it('totals the lines at current prices in cents', () => {
    const lines = [
      { unitPrice: 0.1, oldUnitPrice: 0.1, quantity: 3 },
      { unitPrice: 15, oldUnitPrice: 12.5, quantity: 2 },
    ];
    expect(basketTotalCents(lines)).toBe(3030);
  });
});
