import type { CheckoutBody } from '../api/types';

/**
 * The checkout form's checks. They mirror basket-api's rules for `POST /api/basket/checkout`
 * (the contract's UserCheckoutAccepted field rules plus no control characters, a known card
 * type and an unexpired card); checkout-rules.test.ts holds them against the contract's
 * schema, so a rule changed there fails here. The server checks again: this only saves a
 * round trip and says what is wrong next to the field.
 */
export const CHECKOUT_FIELDS = [
  'street',
  'city',
  'state',
  'country',
  'zipCode',
  'cardNumber',
  'cardHolderName',
  'expiryMonth',
  'expiryYear',
  'cardSecurityNumber',
  'cardTypeId',
] as const;

export type CheckoutField = (typeof CHECKOUT_FIELDS)[number];
export type CheckoutForm = Record<CheckoutField, string>;
export type CheckoutErrors = Partial<Record<CheckoutField, string>>;

export const EMPTY_CHECKOUT_FORM: CheckoutForm = Object.fromEntries(CHECKOUT_FIELDS.map((field) => [field, ''])) as CheckoutForm;

/** Longest value per text field (the contract's `text(max)`). */
const TEXT_LIMITS = { street: 200, city: 100, state: 100, country: 100, zipCode: 20, cardHolderName: 200 } as const;

/** C0 controls, DEL and C1 controls: refused in every text by basket-api. */
function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Card numbers are often typed in groups: spaces and dashes are layout, not digits. */
export function normalizeCardNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** Month and year as typed → the last instant of that month (UTC), or null when they are not a month. */
export function expirationOf(monthText: string, yearText: string): Date | null {
  if (!/^\d{1,2}$/.test(monthText.trim()) || !/^(\d{2}|\d{4})$/.test(yearText.trim())) return null;
  const month = Number(monthText.trim());
  const year = yearText.trim().length === 2 ? 2000 + Number(yearText.trim()) : Number(yearText.trim());
  if (month < 1 || month > 12) return null;
  return new Date(Date.UTC(year, month, 1) - 1000);
}

function checkText(value: string, max: number): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return 'Required';
  if (trimmed.length > max) return `At most ${max} characters`;
  if (hasControlCharacter(trimmed)) return 'Must not contain control characters';
  return undefined;
}

export function checkCheckout(form: CheckoutForm, cardTypeIds: readonly number[], now: Date): CheckoutErrors {
  const errors: CheckoutErrors = {};
  for (const [field, max] of Object.entries(TEXT_LIMITS) as Array<[keyof typeof TEXT_LIMITS, number]>) {
    const problem = checkText(form[field], max);
    if (problem) errors[field] = problem;
  }
  if (!/^\d{12,19}$/.test(normalizeCardNumber(form.cardNumber))) errors.cardNumber = 'Enter the 12 to 19 digits of the card';
  if (!/^\d{3,4}$/.test(form.cardSecurityNumber.trim())) errors.cardSecurityNumber = 'Enter the 3 or 4 digits on the card';
  if (!/^\d{1,2}$/.test(form.expiryMonth.trim()) || Number(form.expiryMonth) < 1 || Number(form.expiryMonth) > 12) {
    errors.expiryMonth = 'Enter a month from 1 to 12';
  }
  if (!/^(\d{2}|\d{4})$/.test(form.expiryYear.trim())) errors.expiryYear = 'Enter the year, e.g. 2030';
  const expiration = expirationOf(form.expiryMonth, form.expiryYear);
  if (expiration && expiration.getTime() <= now.getTime()) errors.expiryYear = 'The card has expired';
  if (!cardTypeIds.includes(Number(form.cardTypeId))) errors.cardTypeId = 'Choose a card type';
  return errors;
}

/** The request body for a form that passed `checkCheckout`. */
export function toCheckoutBody(form: CheckoutForm): CheckoutBody {
  return {
    street: form.street.trim(),
    city: form.city.trim(),
    state: form.state.trim(),
    country: form.country.trim(),
    zipCode: form.zipCode.trim(),
    cardNumber: normalizeCardNumber(form.cardNumber),
    cardHolderName: form.cardHolderName.trim(),
    cardExpiration: expirationOf(form.expiryMonth, form.expiryYear)?.toISOString() ?? '',
    cardSecurityNumber: form.cardSecurityNumber.trim(),
    cardTypeId: Number(form.cardTypeId),
  };
}

/** Where the server's field names (`cardExpiration: the card has expired`) show in the form. */
export const FIELD_OF_SERVER_NAME: Readonly<Record<string, CheckoutField>> = {
  street: 'street',
  city: 'city',
  state: 'state',
  country: 'country',
  zipCode: 'zipCode',
  cardNumber: 'cardNumber',
  cardHolderName: 'cardHolderName',
  cardExpiration: 'expiryYear',
  cardSecurityNumber: 'cardSecurityNumber',
  cardTypeId: 'cardTypeId',
};

/** A v4 uuid for `x-requestid` (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
