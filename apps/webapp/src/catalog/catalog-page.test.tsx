import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { CatalogQuery } from '../api/storefront-api';
import { navigate } from '../app/router';
import { catalogItem, fakeApi, renderWith } from '../test/render';
import { CatalogPage } from './catalog-page';

const XSS_NAME = '<img src=x onerror=alert(1)>';

function catalogOf(count: number) {
  const items = Array.from({ length: count }, (_, index) => catalogItem(index + 1, index === 0 ? XSS_NAME : `Product ${index + 1}`, 10 + index));
  return vi.fn((query: CatalogQuery) =>
    Promise.resolve({
      pageIndex: query.pageIndex,
      pageSize: query.pageSize,
      count,
      data: items.slice(query.pageIndex * query.pageSize, (query.pageIndex + 1) * query.pageSize),
    }),
  );
}

describe('CatalogPage', () => {
  it('shows products as articles named by their names, with price and picture', async () => {
    renderWith(<CatalogPage />, fakeApi({ catalogItems: catalogOf(3) }));
    const article = await screen.findByRole('article', { name: 'Product 2' });
    expect(within(article).getByRole('link', { name: 'Product 2' }).getAttribute('href')).toBe('/products/2');
    expect(within(article).getByText('$11.00')).toBeTruthy();
    expect(within(article).getByRole('img', { name: 'Product 2' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Catalog' })).toBeTruthy();
  });

  it('renders a product name with markup as text, never as markup', async () => {
    const { container } = renderWith(<CatalogPage />, fakeApi({ catalogItems: catalogOf(3) }));
    const article = await screen.findByRole('article', { name: XSS_NAME });
    expect(within(article).getByRole('link', { name: XSS_NAME }).textContent).toBe(XSS_NAME);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
  });

  it('pages with Previous/Next, disabled at the ends', async () => {
    const user = userEvent.setup();
    const catalogItems = catalogOf(30);
    renderWith(<CatalogPage />, fakeApi({ catalogItems }));
    await screen.findByText('Page 1 of 3');
    const previous = screen.getByRole('button', { name: 'Previous page' }) as HTMLButtonElement;
    const next = screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    await user.click(next);
    await screen.findByText('Page 2 of 3');
    expect(window.location.search).toBe('?page=2');
    expect(await screen.findByRole('article', { name: 'Product 13' })).toBeTruthy();
    await user.click(next);
    await screen.findByText('Page 3 of 3');
    expect(next.disabled).toBe(true);
    expect(previous.disabled).toBe(false);
    expect(catalogItems).toHaveBeenLastCalledWith({ pageIndex: 2, pageSize: 12, typeId: undefined, brandId: undefined });
  });

  it('filters by type and brand through the URL', async () => {
    const user = userEvent.setup();
    const catalogItems = catalogOf(2);
    renderWith(<CatalogPage />, fakeApi({ catalogItems }));
    await screen.findByRole('option', { name: 'Backpacks' });
    await user.selectOptions(screen.getByLabelText('Type'), 'Backpacks');
    await user.selectOptions(screen.getByLabelText('Brand'), 'Daybreak');
    await waitFor(() => expect(catalogItems).toHaveBeenLastCalledWith({ pageIndex: 0, pageSize: 12, typeId: 1, brandId: 1 }));
    expect(window.location.search).toBe('?type=1&brand=1');
    expect((screen.getByLabelText('Type') as HTMLSelectElement).options[0]?.text).toBe('All');
  });

  it('adds to the basket and says so', async () => {
    const user = userEvent.setup();
    const addToBasket = vi.fn(() => Promise.resolve({ buyerId: 'alice-id', items: [] }));
    renderWith(<CatalogPage />, fakeApi({ catalogItems: catalogOf(3), addToBasket }));
    const article = await screen.findByRole('article', { name: 'Product 3' });
    await user.click(within(article).getByRole('button', { name: 'Add to basket' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added Product 3 to your basket');
    expect(addToBasket).toHaveBeenCalledWith(3, 1);
  });

  it('sends a signed-out visitor to sign in, coming back to this page', async () => {
    const user = userEvent.setup();
    navigate('/?page=1&type=1', {}, true);
    const addToBasket = vi.fn();
    const { signIn } = renderWith(<CatalogPage />, fakeApi({ catalogItems: catalogOf(3), addToBasket }), { status: 'signed-out' });
    const article = await screen.findByRole('article', { name: 'Product 2' });
    await user.click(within(article).getByRole('button', { name: 'Add to basket' }));
    expect(signIn).toHaveBeenCalledWith();
    expect(addToBasket).not.toHaveBeenCalled();
  });

  it('explains a catalog that is down, and a breaker that is open', async () => {
    const catalogItems = () => Promise.reject(new ApiError(503, 'circuit open', 'CIRCUIT_OPEN'));
    renderWith(<CatalogPage />, fakeApi({ catalogItems }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The catalog is unavailable right now. Try again in a moment. (the gateway stopped calling a failing service for a few seconds)',
    );
    expect(screen.getByRole('heading', { name: 'Catalog' })).toBeTruthy();
  });
});
