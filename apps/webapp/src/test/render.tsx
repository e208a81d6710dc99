import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import type { StorefrontApi } from '../api/storefront-api';
import type { CatalogItem, SignedInUser } from '../api/types';
import { ApiContext, SessionContext, type Session, type SessionControl } from '../app/contexts';

export const alice: SignedInUser = { id: 'alice-id', name: 'Alice', roles: [] };
export const admin: SignedInUser = { id: 'admin-id', name: 'Admin', roles: ['admin'] };

/** An API whose every method fails the test unless the test gives it an answer. */
export function fakeApi(overrides: Partial<StorefrontApi> = {}): StorefrontApi {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));
  const base = {
    me: unexpected('me'),
    logout: unexpected('logout'),
    catalogItems: unexpected('catalogItems'),
    catalogItem: unexpected('catalogItem'),
    catalogTypes: () => Promise.resolve([{ id: 1, type: 'Backpacks' }]),
    catalogBrands: () => Promise.resolve([{ id: 1, brand: 'Daybreak' }]),
    updateCatalogItem: unexpected('updateCatalogItem'),
    basket: unexpected('basket'),
    addToBasket: unexpected('addToBasket'),
    replaceBasket: unexpected('replaceBasket'),
    checkout: unexpected('checkout'),
    orders: unexpected('orders'),
    order: unexpected('order'),
    cardTypes: unexpected('cardTypes'),
  } satisfies StorefrontApi;
  return { ...base, ...overrides };
}

export interface Rendered extends RenderResult {
  readonly signIn: ReturnType<typeof vi.fn>;
}

/** Renders a page with an API and a session, as main.tsx provides them. */
export function renderWith(ui: ReactElement, api: StorefrontApi, session: Session = { status: 'signed-in', user: alice }): Rendered {
  const signIn = vi.fn(() => true);
  const control: SessionControl = { session, signIn, signOut: () => Promise.resolve() };
  const result = render(
    <ApiContext.Provider value={api}>
      <SessionContext.Provider value={control}>{ui}</SessionContext.Provider>
    </ApiContext.Provider>,
  );
  return { ...result, signIn };
}

export function catalogItem(id: number, name: string, price: number): CatalogItem {
  return {
    id,
    name,
    description: `About ${name}`,
    price,
    pictureFileName: '',
    catalogTypeId: 1,
    catalogBrandId: 1,
    availableStock: 10,
    restockThreshold: 0,
    maxStockThreshold: 100,
    onReorder: false,
    version: 1,
  };
}
