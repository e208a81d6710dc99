/**
 * Prices are integer cents inside the services. Postgres keeps them as `numeric(12,2)`, which
 * the driver hands over as a decimal string ("12.50"): these two functions convert between
 * the two exactly, with no floating-point step. (The wire side uses `toCents`/`fromCents`,
 * exact for numbers of at most two decimals.)
 */
export function centsFromDecimal(value: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new Error(`not a decimal with at most two places: ${value}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

export function decimalFromCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}
