import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { CheckoutBody } from '../api/types';
import { fakeApi, renderWith } from '../test/render';
import { CheckoutPage } from './checkout-page';

const loaded = {
  cardTypes: () =>
    Promise.resolve([
      { id: 1, name: 'Amex' },
      { id: 2, name: 'Visa' },
    ]),
  basket: () =>
    Promise.resolve({ buyerId: 'a', items: [{ id: 'l', productId: 1, productName: 'Mug', unitPrice: 10, oldUnitPrice: 10, quantity: 1, pictureUrl: '' }] }),
  orders: () => Promise.resolve([{ orderNumber: 41, date: '2026-01-01T00:00:00Z', status: 'paid' as const, total: 10 }]),
};

async function fillValid(user: UserEvent) {
  const values: Array<[string, string]> = [
    ['Street', '1 Main Street'],
    ['City', 'Springfield'],
    ['State', 'OR'],
    ['Country', 'USA'],
    ['Zip code', '97477'],
    ['Card number', '4111111111111111'],
    ['Name on card', 'Alice'],
    ['Expiry month', '12'],
    ['Expiry year', String(new Date().getUTCFullYear() + 3)],
    ['Security code', '123'],
  ];
  for (const [label, value] of values) {
    await user.click(screen.getByLabelText(label));
    await user.paste(value);
  }
  await user.selectOptions(screen.getByLabelText('Card type'), 'Visa');
}

describe('CheckoutPage', () => {
  it('shows each problem at its field and sends nothing', async () => {
    const user = userEvent.setup();
    const checkout = vi.fn();
    renderWith(<CheckoutPage />, fakeApi({ ...loaded, checkout }));
    await user.click(await screen.findByRole('button', { name: 'Place order' }));
    const street = screen.getByLabelText('Street');
    expect(street.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(street.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Required');
    expect(screen.getByLabelText('Card number').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(street);
    expect(checkout).not.toHaveBeenCalled();
  });

  it('places the order with a request id and goes to the orders page', async () => {
    const user = userEvent.setup();
    const checkout = vi.fn((_body: CheckoutBody, _requestId: string) => Promise.resolve());
    renderWith(<CheckoutPage />, fakeApi({ ...loaded, checkout }));
    await screen.findByRole('heading', { name: 'Checkout' });
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(window.location.pathname).toBe('/orders'));
    const [body, requestId] = checkout.mock.calls[0] ?? [];
    expect(body).toMatchObject({ street: '1 Main Street', cardNumber: '4111111111111111', cardTypeId: 2 });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(window.history.state).toEqual({ flash: 'Order placed', newerThan: 41 });
  });

  it("shows the server's 400 at the field it names", async () => {
    const user = userEvent.setup();
    const checkout = vi.fn(() => Promise.reject(new ApiError(400, 'zipCode: not a zip code', undefined, { zipCode: 'not a zip code' })));
    renderWith(<CheckoutPage />, fakeApi({ ...loaded, checkout }));
    await screen.findByRole('heading', { name: 'Checkout' });
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    const zip = screen.getByLabelText('Zip code');
    await waitFor(() => expect(zip.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(zip.getAttribute('aria-describedby') ?? '')?.textContent).toBe('not a zip code');
    expect(screen.getByRole('alert').textContent).toBe('Please correct the marked fields.');
    expect(window.location.pathname).toBe('/');
  });

  it('keeps the request id when the answer was lost, so a retry cannot order twice', async () => {
    const user = userEvent.setup();
    const checkout = vi
      .fn<(body: CheckoutBody, requestId: string) => Promise<void>>()
      .mockRejectedValueOnce(new ApiError(504, 'timeout'))
      .mockResolvedValueOnce(undefined);
    renderWith(<CheckoutPage />, fakeApi({ ...loaded, checkout }));
    await screen.findByRole('heading', { name: 'Checkout' });
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be placed right now/);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(checkout).toHaveBeenCalledTimes(2));
    expect(checkout.mock.calls[1]?.[1]).toBe(checkout.mock.calls[0]?.[1]);
  });
});
