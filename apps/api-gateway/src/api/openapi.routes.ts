/**
 * The public HTTP API as the gateway exposes it (architecture §3), for the OpenAPI
 * document. Proxied routes are not Nest handlers of their own (one wildcard per upstream),
 * so they are listed here rather than discovered from decorators.
 */
export interface ApiRoute {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
  readonly tag: 'catalog' | 'basket' | 'orders' | 'auth' | 'health';
  readonly summary: string;
  /** A valid bearer token is required. */
  readonly auth: boolean;
  /** Served by an upstream (so a 503/504 naming it is possible). */
  readonly upstream: boolean;
  readonly query?: readonly string[];
  readonly headers?: readonly string[];
  readonly body?: 'addBasketItem' | 'devToken' | 'json';
}

const catalog = (method: ApiRoute['method'], path: string, summary: string, query?: string[]): ApiRoute => ({
  method,
  path: `/api/catalog${path}`,
  tag: 'catalog',
  summary,
  auth: method !== 'get',
  upstream: true,
  ...(query ? { query } : {}),
  ...(method === 'post' || method === 'put' ? { body: 'json' as const } : {}),
});

const authed = (tag: 'basket' | 'orders', method: ApiRoute['method'], path: string, summary: string, extra: Partial<ApiRoute> = {}): ApiRoute => ({
  method,
  path,
  tag,
  summary,
  auth: true,
  upstream: true,
  ...extra,
});

export const API_ROUTES: readonly ApiRoute[] = [
  catalog('get', '/items', 'A page of catalog items', ['pageIndex', 'pageSize']),
  catalog('get', '/items/{id}', 'One catalog item'),
  catalog('get', '/items/by', 'Catalog items by ids', ['ids']),
  catalog('get', '/items/by/{name}', 'Catalog items whose name starts with', ['pageIndex', 'pageSize']),
  catalog('get', '/items/type/{typeId}/brand/{brandId}', 'Catalog items of a type and brand', ['pageIndex', 'pageSize']),
  catalog('get', '/catalogtypes', 'Catalog types'),
  catalog('get', '/catalogbrands', 'Catalog brands'),
  catalog('post', '/items', 'Create a catalog item'),
  catalog('put', '/items/{id}', 'Update a catalog item (a price change emits ProductPriceChanged)'),
  catalog('delete', '/items/{id}', 'Delete a catalog item'),
  authed('basket', 'get', '/api/basket', "The caller's basket"),
  authed('basket', 'put', '/api/basket', "Replace the caller's basket", { body: 'json' }),
  authed('basket', 'delete', '/api/basket', "Empty the caller's basket"),
  authed('basket', 'post', '/api/basket/items', 'Add a product: the gateway fills name, price, picture and version from catalog', {
    body: 'addBasketItem',
  }),
  authed('basket', 'post', '/api/basket/checkout', 'Check the basket out (202)', { headers: ['x-requestid'], body: 'json' }),
  authed('orders', 'get', '/api/orders', "The caller's orders"),
  authed('orders', 'get', '/api/orders/{id}', 'One order'),
  authed('orders', 'put', '/api/orders/cancel', 'Cancel an order', { headers: ['x-requestid'], body: 'json' }),
  authed('orders', 'put', '/api/orders/ship', 'Ship an order', { headers: ['x-requestid'], body: 'json' }),
  authed('orders', 'get', '/api/orders/cardtypes', 'Card types'),
  authed('orders', 'post', '/api/orders/draft', 'Draft an order from a basket', { body: 'json' }),
  { method: 'get', path: '/health/live', tag: 'health', summary: 'The gateway process answers', auth: false, upstream: false },
  {
    method: 'get',
    path: '/health/ready',
    tag: 'health',
    summary: 'Ready; details: circuit, bulkhead and discovery per upstream',
    auth: false,
    upstream: false,
  },
];

export const DEV_TOKEN_ROUTE: ApiRoute = {
  method: 'post',
  path: '/api/auth/dev-token',
  tag: 'auth',
  summary: 'A token for a made-up buyer (only with AUTH_DEV_TOKENS=true)',
  auth: false,
  upstream: false,
  body: 'devToken',
};
