// @vitest-environment node
// (Pure logic: no DOM needed, and jsdom costs seconds per file.)
import { userCheckoutAcceptedSchema } from '@eshop/contracts';
import { describe, expect, it } from 'vitest';
import { checkCheckout, EMPTY_CHECKOUT_FORM, FIELD_OF_SERVER_NAME, newRequestId, toCheckoutBody, type CheckoutForm } from './checkout-rules';

const NOW = new Date('2026-06-15T12:00:00Z');
const CARD_TYPES = [1, 2, 3];

const valid: CheckoutForm = {
  street: '1 Main Street',
  city: 'Springfield',
  state: 'OR',
  country: 'USA',
  zipCode: '97477',
  cardNumber: '4111 1111 1111 1111',
  cardHolderName: 'Alice Example',
  expiryMonth: '12',
  expiryYear: '2030',
  cardSecurityNumber: '123',
  cardTypeId: '2',
};

/** The checkout's fields of the contract (basket-api's checkout schema picks exactly these). */
const contractRules = userCheckoutAcceptedSchema.pick({
  street: true,
  city: true,
  state: true,
  country: true,
  zipCode: true,
  cardNumber: true,
  cardHolderName: true,
  cardExpiration: true,
  cardSecurityNumber: true,
  cardTypeId: true,
});

function contractFields(form: CheckoutForm): string[] {
  const result = contractRules.safeParse(toCheckoutBody(form));
  if (result.success) return [];
  const fields = result.error.issues.map((issue) => FIELD_OF_SERVER_NAME[String(issue.path[0])] ?? String(issue.path[0]));
  // The card type is checked against the list ordering serves, stricter than the contract's "positive".
  return [...new Set(fields)].filter((field) => field !== 'cardTypeId').sort();
}

describe('checkout checks', () => {
  it('accepts a complete form and builds the API body', () => {
    expect(checkCheckout(valid, CARD_TYPES, NOW)).toEqual({});
    expect(toCheckoutBody(valid)).toEqual({
      street: '1 Main Street',
      city: 'Springfield',
      state: 'OR',
      country: 'USA',
      zipCode: '97477',
      cardNumber: '4111111111111111',
      cardHolderName: 'Alice Example',
      cardExpiration: '2030-12-31T23:59:59.000Z',
      cardSecurityNumber: '123',
      cardTypeId: 2,
    });
  });

  it('names each field that is wrong', () => {
    expect(Object.keys(checkCheckout(EMPTY_CHECKOUT_FORM, CARD_TYPES, NOW)).sort()).toEqual(
      [...Object.keys(EMPTY_CHECKOUT_FORM)].sort(),
    );
    expect(checkCheckout({ ...valid, expiryMonth: '5', expiryYear: '2026' }, CARD_TYPES, NOW)).toEqual({ expiryYear: 'The card has expired' });
    expect(checkCheckout({ ...valid, expiryMonth: '6', expiryYear: '26' }, CARD_TYPES, NOW)).toEqual({});
    expect(checkCheckout({ ...valid, expiryMonth: '13' }, CARD_TYPES, NOW)).toHaveProperty('expiryMonth');
    expect(checkCheckout({ ...valid, cardTypeId: '9' }, CARD_TYPES, NOW)).toHaveProperty('cardTypeId');
    expect(checkCheckout({ ...valid, city: 'Spring\u0000field' }, CARD_TYPES, NOW)).toEqual({ city: 'Must not contain control characters' });
  });

  // The same inputs through the contract's own schema: the form must refuse exactly the
  // fields the API would (the API's extra rules — card type, expiry, control characters —
  // are covered above).
  const cases: Array<[string, Partial<CheckoutForm>]> = [
    ['valid', {}],
    ['blank street', { street: '   ' }],
    ['long city', { city: 'x'.repeat(101) }],
    ['city at its limit', { city: 'x'.repeat(100) }],
    ['long zip code', { zipCode: '1'.repeat(21) }],
    ['every text at its limit', { street: 's'.repeat(200), state: 's'.repeat(100), country: 'c'.repeat(100), zipCode: '1'.repeat(20), cardHolderName: 'n'.repeat(200) }],
    ['shortest and longest card numbers', { cardNumber: '4'.repeat(12) }],
    ['longest card number', { cardNumber: '4'.repeat(19) }],
    ['four-digit security code', { cardSecurityNumber: '1234' }],
    ['short card number', { cardNumber: '41111111111' }],
    ['long card number', { cardNumber: '4'.repeat(20) }],
    ['letters in the card number', { cardNumber: '4111a11111111111' }],
    ['two-digit security code', { cardSecurityNumber: '12' }],
    ['five-digit security code', { cardSecurityNumber: '12345' }],
    ['long name on card', { cardHolderName: 'n'.repeat(201) }],
    ['everything empty', EMPTY_CHECKOUT_FORM],
  ];
  it.each(cases)('mirrors the contract: %s', (_name, change) => {
    const form = { ...valid, ...change };
    const mine = Object.keys(checkCheckout(form, CARD_TYPES, NOW))
      .filter((field) => field !== 'expiryMonth' && field !== 'cardTypeId')
      .sort();
    expect(mine).toEqual(contractFields(form));
  });

  it('makes v4 request ids', () => {
    const ids = new Set(Array.from({ length: 50 }, newRequestId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
