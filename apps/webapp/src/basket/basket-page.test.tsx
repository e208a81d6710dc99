import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Basket, BasketLine } from '../api/types';
import { fakeApi, renderWith } from '../test/render';
import { BasketPage } from './basket-page';

const line = (productId: number, productName: string, unitPrice: number, oldUnitPrice: number, quantity: number): BasketLine => ({
  id: `line-${productId}`,
  productId,
  productName,
  unitPrice,
  oldUnitPrice,
  quantity,
  pictureUrl: '',
});

const basketOf = (...items: BasketLine[]): Basket => ({ buyerId: 'alice-id', items });

describe('BasketPage', () => {
  it('shows each line with its price, a price-change notice where the price changed, and the total', async () => {
    const basket = basketOf(line(1, 'Trail Mug', 15, 12.5, 2), line(2, 'Tent', 100, 100, 1));
    renderWith(<BasketPage />, fakeApi({ basket: () => Promise.resolve(basket) }));
    const mug = await screen.findByRole('listitem', { name: 'Trail Mug' });
    expect(within(mug).getByText('$15.00')).toBeTruthy();
    expect(within(mug).getByRole('note').textContent).toBe('Price changed from $12.50 to $15.00');
    expect(within(mug).getByLabelText(/Quantity/)).toHaveProperty('value', '2');
    const tent = screen.getByRole('listitem', { name: 'Tent' });
    expect(within(tent).queryByRole('note')).toBeNull();
    expect(screen.getByText('Total: $130.00')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Checkout' }).getAttribute('href')).toBe('/checkout');
  });

  it('says when the basket is empty', async () => {
    renderWith(<BasketPage />, fakeApi({ basket: () => Promise.resolve(basketOf()) }));
    expect(await screen.findByText(/Your basket is empty/)).toBeTruthy();
  });

  it('re-fetches on "Refresh basket" (a price change arrives without reloading the app)', async () => {
    const user = userEvent.setup();
    const basket = vi
      .fn<() => Promise<Basket>>()
      .mockResolvedValueOnce(basketOf(line(1, 'Trail Mug', 12.5, 12.5, 1)))
      .mockResolvedValueOnce(basketOf(line(1, 'Trail Mug', 15, 12.5, 1)));
    renderWith(<BasketPage />, fakeApi({ basket }));
    const mug = await screen.findByRole('listitem', { name: 'Trail Mug' });
    expect(within(mug).queryByRole('note')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Refresh basket' }));
    expect((await within(mug).findByRole('note')).textContent).toBe('Price changed from $12.50 to $15.00');
  });

  it('sends products and quantities only when a quantity changes or a line is removed', async () => {
    const user = userEvent.setup();
    const replaceBasket = vi.fn((items: ReadonlyArray<{ productId: number; quantity: number }>) =>
      Promise.resolve(basketOf(...items.map((item) => line(item.productId, item.productId === 1 ? 'Trail Mug' : 'Tent', 10, 10, item.quantity)))),
    );
    const basket = basketOf(line(1, 'Trail Mug', 10, 10, 1), line(2, 'Tent', 10, 10, 1));
    renderWith(<BasketPage />, fakeApi({ basket: () => Promise.resolve(basket), replaceBasket }));
    const mug = await screen.findByRole('listitem', { name: 'Trail Mug' });
    const quantity = within(mug).getByLabelText(/Quantity/);
    await user.clear(quantity);
    await user.type(quantity, '3{Enter}');
    await waitFor(() => expect(replaceBasket).toHaveBeenCalledWith([{ productId: 1, quantity: 3 }, { productId: 2, quantity: 1 }]));
    expect(await screen.findByText('Total: $40.00')).toBeTruthy();
    await user.click(within(screen.getByRole('listitem', { name: 'Tent' })).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(replaceBasket).toHaveBeenLastCalledWith([{ productId: 1, quantity: 3 }]));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Tent' })).toBeNull());
  });

  it('marks a quantity out of range and does not send it', async () => {
    const user = userEvent.setup();
    const replaceBasket = vi.fn();
    renderWith(<BasketPage />, fakeApi({ basket: () => Promise.resolve(basketOf(line(1, 'Trail Mug', 10, 10, 1))), replaceBasket }));
    const quantity = await screen.findByLabelText('Quantity of Trail Mug');
    await user.clear(quantity);
    await user.type(quantity, '101{Enter}');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(quantity.getAttribute('aria-describedby') ?? '')?.textContent).toBe('At most 100');
    expect(replaceBasket).not.toHaveBeenCalled();
  });
});
