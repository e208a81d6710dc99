import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error';
import { useApi, useSession } from '../app/contexts';
import { useSignInWhenRefused } from '../app/require-sign-in';
import { Link, navigate } from '../app/router';
import { basketTotalCents } from '../basket/price-change';
import { formatCents } from '../money/money';
import { LoadFailure, Loading, PageHeading } from '../ui/feedback';
import { useLoad } from '../ui/use-load';
import { CheckoutFieldRow } from './checkout-field';
import { describeCheckoutFailure } from './checkout-failure';
import {
  checkCheckout,
  EMPTY_CHECKOUT_FORM,
  newRequestId,
  toCheckoutBody,
  type CheckoutErrors,
  type CheckoutField,
  type CheckoutForm,
} from './checkout-rules';

const TEXT_FIELDS: ReadonlyArray<readonly [CheckoutField, string, string]> = [
  ['street', 'Street', 'street-address'],
  ['city', 'City', 'address-level2'],
  ['state', 'State', 'address-level1'],
  ['country', 'Country', 'country-name'],
  ['zipCode', 'Zip code', 'postal-code'],
  ['cardNumber', 'Card number', 'cc-number'],
  ['cardHolderName', 'Name on card', 'cc-name'],
  ['expiryMonth', 'Expiry month', 'cc-exp-month'],
  ['expiryYear', 'Expiry year', 'cc-exp-year'],
  ['cardSecurityNumber', 'Security code', 'cc-csc'],
];

/** Everything the page needs before the form makes sense. */
async function loadCheckout(api: ReturnType<typeof useApi>) {
  const [cardTypes, basket, orders] = await Promise.all([api.cardTypes(), api.basket(), api.orders().catch(() => [])]);
  // The orders page waits for an order newer than this one (order numbers only grow).
  const newestOrder = orders.reduce((max, order) => Math.max(max, order.orderNumber), 0);
  return { cardTypes, basket, newestOrder };
}

/** `/checkout`: address and card, checked here as the API checks them, then 202 → `/orders`. */
export function CheckoutPage() {
  const api = useApi();
  const { signIn } = useSession();
  const loaded = useLoad('checkout', () => loadCheckout(api));
  const [form, setForm] = useState<CheckoutForm>(EMPTY_CHECKOUT_FORM);
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // One id per order attempt: a retry after a lost answer cannot check out twice.
  const requestId = useRef<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useSignInWhenRefused(loaded.error);

  if (loaded.loading) return <Loading />;
  if (!loaded.data) {
    return (
      <section>
        <PageHeading>Checkout</PageHeading>
        <LoadFailure error={loaded.error} what="checkout" />
      </section>
    );
  }
  const { cardTypes, basket, newestOrder } = loaded.data;
  // The first card type is preselected, as a shop would.
  const filled: CheckoutForm = { ...form, cardTypeId: form.cardTypeId || String(cardTypes[0]?.id ?? '') };

  const focusFirstError = (found: CheckoutErrors) => {
    const first = TEXT_FIELDS.map(([field]) => field)
      .concat('cardTypeId')
      .find((field) => found[field]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const found = checkCheckout(filled, cardTypes.map((type) => type.id), new Date());
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    requestId.current ??= newRequestId();
    setSending(true);
    try {
      await api.checkout(toCheckoutBody(filled), requestId.current);
      requestId.current = null;
      navigate('/orders', { flash: 'Order placed', newerThan: newestOrder });
    } catch (error) {
      setSending(false);
      if (error instanceof ApiError && error.signInRequired) {
        signIn();
        return;
      }
      const failed = describeCheckoutFailure(error);
      if (failed.newRequestId) requestId.current = null;
      setErrors(failed.atFields);
      focusFirstError(failed.atFields);
      setFailure(failed.message);
    }
  };

  const set = (field: CheckoutField) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  return (
    <section>
      <PageHeading>Checkout</PageHeading>
      {basket.items.length === 0 ? (
        <p>
          Your basket is empty. <Link to="/">Continue shopping</Link>
        </p>
      ) : (
        <>
          <p className="checkout-summary">
            {basket.items.length} {basket.items.length === 1 ? 'product' : 'products'}, total {formatCents(basketTotalCents(basket.items))}
          </p>
          {failure ? (
            <p role="alert" className="alert">
              {failure}
            </p>
          ) : null}
          <form ref={formRef} className="checkout-form" noValidate onSubmit={(event) => void submit(event)}>
            {TEXT_FIELDS.map(([field, label, autoComplete]) => (
              <CheckoutFieldRow key={field} label={label} error={errors[field]}>
                {(control) => (
                  <input
                    {...control}
                    name={field}
                    type="text"
                    autoComplete={autoComplete}
                    inputMode={['cardNumber', 'expiryMonth', 'expiryYear', 'cardSecurityNumber'].includes(field) ? 'numeric' : undefined}
                    value={form[field]}
                    onChange={(event) => set(field)(event.target.value)}
                  />
                )}
              </CheckoutFieldRow>
            ))}
            <CheckoutFieldRow label="Card type" error={errors.cardTypeId}>
              {(control) => (
                <select {...control} name="cardTypeId" value={filled.cardTypeId} onChange={(event) => set('cardTypeId')(event.target.value)}>
                  {cardTypes.map((type) => (
                    <option key={type.id} value={type.id}>
                      {type.name}
                    </option>
                  ))}
                </select>
              )}
            </CheckoutFieldRow>
            <button type="submit" disabled={sending}>
              Place order
            </button>
          </form>
        </>
      )}
    </section>
  );
}
