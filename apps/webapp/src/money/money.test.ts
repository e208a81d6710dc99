// @vitest-environment node
// (Pure logic: no DOM needed, and jsdom costs seconds per file.)
import { describe, expect, it } from 'vitest';
import { formatCents, formatPrice, parsePriceInput, toCents } from './money';

describe('money', () => {
  it('formats currency units with two decimals and grouped thousands', () => {
    expect(formatPrice(15)).toBe('$15.00');
    expect(formatPrice(12.5)).toBe('$12.50');
    expect(formatPrice(0.1)).toBe('$0.10');
    expect(formatPrice(1234567.89)).toBe('$1,234,567.89');
    expect(formatCents(-250)).toBe('-$2.50');
  });

  it('converts wire prices to cents exactly, so sums are not float sums', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(0.1) + toCents(0.2)).toBe(30);
    expect(formatCents(toCents(0.1) + toCents(0.2))).toBe('$0.30');
  });

  it('reads a typed price as catalog-api accepts it', () => {
    expect(parsePriceInput('15')).toEqual({ cents: 1500 });
    expect(parsePriceInput(' 12.5 ')).toEqual({ cents: 1250 });
    expect(parsePriceInput('0.07')).toEqual({ cents: 7 });
    expect(parsePriceInput('1000000')).toEqual({ cents: 100_000_000 });
    for (const bad of ['', 'abc', '12.345', '-1', '1e3', '1,5', '1000000.01']) {
      expect(parsePriceInput(bad)).toHaveProperty('error');
    }
  });
});
