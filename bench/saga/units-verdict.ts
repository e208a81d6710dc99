// How the soak compares units: what the buyer believed it checked out (or left in its basket)
// against what the order (or the basket) holds.
import type { Checkout } from './saga-load';

/**
 * An order's units against its checkout: equal, or above it only by adds whose answer the
 * buyer lost and which landed after the buyer read its basket (`lostAdds`, per product).
 */
export function unitsVerdict(checkout: Pick<Checkout, 'units' | 'lostAdds'>, ordered: ReadonlyMap<number, number>): 'same' | 'late adds' | 'wrong' {
  let late = false;
  for (const product of new Set([...ordered.keys(), ...checkout.units.keys()])) {
    const extra = (ordered.get(product) ?? 0) - (checkout.units.get(product) ?? 0);
    if (extra === 0) continue;
    if (extra < 0 || extra > (checkout.lostAdds.get(product) ?? 0)) return 'wrong';
    late = true;
  }
  return late ? 'late adds' : 'same';
}
