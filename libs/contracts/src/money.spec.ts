import { centsFromDecimal, decimalFromCents } from './money';

describe('price conversions', () => {
  it('reads numeric strings exactly', () => {
    expect(centsFromDecimal('12.50')).toBe(1250);
    expect(centsFromDecimal('0.07')).toBe(7);
    expect(centsFromDecimal('19.9')).toBe(1990);
    expect(centsFromDecimal('1000')).toBe(100000);
    expect(centsFromDecimal('9999999999.99')).toBe(999999999999);
    expect(centsFromDecimal('-3.05')).toBe(-305);
  });

  it('writes numeric strings exactly', () => {
    expect(decimalFromCents(1250)).toBe('12.50');
    expect(decimalFromCents(7)).toBe('0.07');
    expect(decimalFromCents(0)).toBe('0.00');
    expect(decimalFromCents(999999999999)).toBe('9999999999.99');
    expect(decimalFromCents(-305)).toBe('-3.05');
  });

  it('round-trips every cent value of a range without drift', () => {
    for (let cents = 0; cents < 20_000; cents += 1) {
      expect(centsFromDecimal(decimalFromCents(cents))).toBe(cents);
    }
  });

  it('refuses what is not a two-place decimal or whole cents', () => {
    expect(() => centsFromDecimal('1.005')).toThrow();
    expect(() => centsFromDecimal('abc')).toThrow();
    expect(() => decimalFromCents(12.5)).toThrow();
  });
});

describe('the wire money schema', () => {
  it('accepts at most two decimals as written, and refuses what would be rounded', async () => {
    const { money } = await import('./integration-event');
    for (const ok of [0, 1, 19.99, 19.9, 1134, 0.01]) expect(money.safeParse(ok).success).toBe(true);
    for (const bad of [19.9999999999, 0.001, 1.005, -1, Number.NaN, 1e21]) expect(money.safeParse(bad).success).toBe(false);
  });
});
