import { ApiError } from './api-error';
import type { FetchLike } from './http';
import { Http } from './http';
import type {
  Basket,
  CardType,
  CatalogBrand,
  CatalogItem,
  CatalogPage,
  CatalogType,
  CheckoutBody,
  Order,
  OrderSummary,
  SignedInUser,
} from './types';

export interface CatalogQuery {
  readonly pageIndex: number;
  readonly pageSize: number;
  readonly typeId?: number;
  readonly brandId?: number;
}

/** Every call the storefront makes, one method each; pages get it from the ApiContext. */
export function createStorefrontApi(fetchFn: FetchLike) {
  const http = new Http(fetchFn);
  return {
    /** `GET /auth/me`; null when nobody is signed in (401). Remembers the CSRF token. */
    async me(): Promise<SignedInUser | null> {
      try {
        const { user, csrfToken } = await http.get<{ user: SignedInUser; csrfToken: string }>('/auth/me');
        http.setCsrfToken(csrfToken);
        return user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    /** Ends the gateway session; the answer says where to finish (identity-api's logout). */
    async logout(): Promise<string> {
      const { redirectTo } = await http.send<{ redirectTo: string }>('POST', '/auth/logout');
      http.setCsrfToken(undefined);
      return redirectTo;
    },

    catalogItems(query: CatalogQuery): Promise<CatalogPage> {
      const page = `pageIndex=${query.pageIndex}&pageSize=${query.pageSize}`;
      if (query.typeId === undefined && query.brandId === undefined) return http.get(`/api/catalog/items?${page}`);
      const brand = query.brandId === undefined ? '' : `/${query.brandId}`;
      return http.get(`/api/catalog/items/type/${query.typeId ?? 'all'}/brand${brand}?${page}`);
    },
    catalogItem: (id: number): Promise<CatalogItem> => http.get(`/api/catalog/items/${id}`),
    catalogTypes: (): Promise<CatalogType[]> => http.get('/api/catalog/catalogtypes'),
    catalogBrands: (): Promise<CatalogBrand[]> => http.get('/api/catalog/catalogbrands'),
    /** Admin: replaces the item (catalog-api wants every field and the version edited). */
    updateCatalogItem: (item: CatalogItem): Promise<CatalogItem> => http.send('PUT', `/api/catalog/items/${item.id}`, item),

    basket: (): Promise<Basket> => http.get('/api/basket'),
    addToBasket: (productId: number, quantity: number): Promise<Basket> =>
      http.send('POST', '/api/basket/items', { productId, quantity }),
    /** Lines as product and quantity only: names and prices are the server's. */
    replaceBasket: (items: ReadonlyArray<{ productId: number; quantity: number }>): Promise<Basket> =>
      http.send('PUT', '/api/basket', { items }),
    checkout: (body: CheckoutBody, requestId: string): Promise<void> =>
      http.send('POST', '/api/basket/checkout', body, { 'x-requestid': requestId }),

    orders: (): Promise<OrderSummary[]> => http.get('/api/orders'),
    order: (id: number): Promise<Order> => http.get(`/api/orders/${id}`),
    cardTypes: (): Promise<CardType[]> => http.get('/api/orders/cardtypes'),
  };
}

export type StorefrontApi = ReturnType<typeof createStorefrontApi>;
