/**
 * The card types a buyer may pay with (eShop's CardType enumeration). SIMPLIFICATION: a
 * fixed list in code, not a table: nothing in this system edits it (ADR 0008).
 */
export const CARD_TYPES = [
  { id: 1, name: 'Amex' },
  { id: 2, name: 'Visa' },
  { id: 3, name: 'MasterCard' },
] as const;
