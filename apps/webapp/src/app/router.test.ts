// @vitest-environment node
// (Pure logic: no DOM needed, and jsdom costs seconds per file.)
import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

describe('matchRoute', () => {
  it('knows the storefront routes', () => {
    expect(matchRoute('/')).toEqual({ name: 'catalog' });
    expect(matchRoute('/products/12')).toEqual({ name: 'product', id: 12 });
    expect(matchRoute('/basket')).toEqual({ name: 'basket' });
    expect(matchRoute('/basket/')).toEqual({ name: 'basket' });
    expect(matchRoute('/checkout')).toEqual({ name: 'checkout' });
    expect(matchRoute('/orders')).toEqual({ name: 'orders' });
    expect(matchRoute('/orders/3')).toEqual({ name: 'order', id: 3 });
    expect(matchRoute('/admin')).toEqual({ name: 'admin' });
  });

  it('refuses ids that are no catalog or order id', () => {
    for (const path of ['/products/0', '/products/abc', '/orders/-1', '/orders/99999999999', '/products/1.5', '/nowhere']) {
      expect(matchRoute(path)).toEqual({ name: 'not-found' });
    }
  });
});
