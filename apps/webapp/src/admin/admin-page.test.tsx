import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { CatalogItem } from '../api/types';
import { admin, alice, catalogItem, fakeApi, renderWith } from '../test/render';
import { AdminPage } from './admin-page';

const page = (...data: CatalogItem[]) => () => Promise.resolve({ pageIndex: 0, pageSize: 50, count: data.length, data });

describe('AdminPage', () => {
  it('is for the admin role only', () => {
    const catalogItems = vi.fn();
    renderWith(<AdminPage />, fakeApi({ catalogItems }), { status: 'signed-in', user: alice });
    expect(screen.getByText(/You need the admin role/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Catalog editor' })).toBeNull();
    expect(catalogItems).not.toHaveBeenCalled();
  });

  it('refuses a visitor too', () => {
    renderWith(<AdminPage />, fakeApi(), { status: 'signed-out' });
    expect(screen.getByText(/You need the admin role/)).toBeTruthy();
  });

  it('saves a new price with the whole item and its version', async () => {
    const user = userEvent.setup();
    const mug = { ...catalogItem(4, 'Trail Mug', 12.5), version: 3 };
    const updateCatalogItem = vi.fn((item: CatalogItem) => Promise.resolve({ ...item, version: 4 }));
    renderWith(<AdminPage />, fakeApi({ catalogItems: page(catalogItem(1, 'Tent', 100), mug), updateCatalogItem }), { status: 'signed-in', user: admin });
    expect(await screen.findByRole('heading', { name: 'Catalog editor' })).toBeTruthy();
    const row = screen.getByRole('row', { name: 'Trail Mug' });
    const price = within(row).getByLabelText(/Price/);
    expect(price).toHaveProperty('value', '12.50');
    await user.clear(price);
    await user.type(price, '15');
    await user.click(within(row).getByRole('button', { name: 'Save price' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved Trail Mug: $15.00');
    expect(updateCatalogItem).toHaveBeenCalledWith({ ...mug, price: 15 });
    expect(within(row).getByText('$15.00')).toBeTruthy();
  });

  it('checks the price before sending it and explains a conflict', async () => {
    const user = userEvent.setup();
    const updateCatalogItem = vi.fn(() => Promise.reject(new ApiError(409, 'version mismatch')));
    renderWith(<AdminPage />, fakeApi({ catalogItems: page(catalogItem(4, 'Trail Mug', 12.5)), updateCatalogItem }), { status: 'signed-in', user: admin });
    const price = await screen.findByLabelText('Price of Trail Mug');
    await user.clear(price);
    await user.type(price, '12.345');
    await user.click(screen.getByRole('button', { name: 'Save price' }));
    expect(price.getAttribute('aria-invalid')).toBe('true');
    expect(updateCatalogItem).not.toHaveBeenCalled();
    await user.clear(price);
    await user.type(price, '13');
    await user.click(screen.getByRole('button', { name: 'Save price' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/changed meanwhile/));
  });
});
