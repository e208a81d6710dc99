/**
 * Prices arrive as JSON numbers in currency units with at most two decimals (the contract).
 * The storefront turns them into integer cents before adding or comparing anything, so a
 * total is never a float sum, and formats cents for people: `$1,234.50`.
 */
export function toCents(price: number): number {
  return Math.round(price * 100);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(Math.round(cents));
  const whole = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${whole}.${String(absolute % 100).padStart(2, '0')}`;
}

export function formatPrice(price: number): string {
  return formatCents(toCents(price));
}

/** The catalog's bound on a price (catalog-api refuses more). */
export const MAX_PRICE_CENTS = 100_000_000;

export type PriceInput = { readonly cents: number } | { readonly error: string };

/** A price typed by a person: digits with at most two decimals, as catalog-api accepts. */
export function parsePriceInput(text: string): PriceInput {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return { error: 'Enter a price such as 12.50 (at most two decimals)' };
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents > MAX_PRICE_CENTS) return { error: `The price can be at most ${formatCents(MAX_PRICE_CENTS)}` };
  return { cents };
}
