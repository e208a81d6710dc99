/**
 * The public HTTP API as the gateway exposes it, for the OpenAPI document. Proxied routes
 * are not Nest handlers of their own (one wildcard per upstream), so they are listed here
 * rather than discovered from decorators.
 */
export type ApiTag = 'catalog' | 'basket' | 'orders' | 'auth' | 'health';

export interface ApiRoute {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
  /** Unique over the document: the name a generated client gives the call. */
  readonly operationId: string;
  readonly tag: ApiTag;
  readonly summary: string;
  readonly description: string;
  /** The success status the upstream answers with. */
  readonly status: 200 | 201 | 202 | 204;
  /** A valid bearer token is required. */
  readonly auth: boolean;
  /** Served by an upstream (so a 503/504 naming it is possible). */
  readonly upstream: boolean;
  /** 404 when the id names nothing (or, for orders, nothing of the caller's). */
  readonly notFound?: boolean;
  /** 409: a stale `version`, or an order state that does not allow the move. */
  readonly conflict?: boolean;
  readonly query?: readonly string[];
  readonly headers?: readonly string[];
  readonly body?: 'addBasketItem' | 'json';
}

export const API_TAGS: ReadonlyArray<{ readonly name: ApiTag; readonly description: string }> = [
  { name: 'catalog', description: 'Products, types and brands (catalog-api). Reads are public; writes need the role `admin` (403 for a buyer).' },
  { name: 'basket', description: "The caller's basket and its checkout (basket-api)." },
  { name: 'orders', description: "The caller's orders (ordering-api), and the draft of the caller's basket (computed by the gateway)." },
  { name: 'auth', description: 'Dev tokens for local tries; never published.' },
  { name: 'health', description: 'Probes of the gateway itself.' },
];

type RouteSpec = Omit<ApiRoute, 'method' | 'path' | 'tag' | 'auth' | 'upstream' | 'status'> & Partial<Pick<ApiRoute, 'status'>>;

const catalog = (method: ApiRoute['method'], path: string, spec: RouteSpec): ApiRoute => ({
  method,
  path: `/api/catalog${path}`,
  tag: 'catalog',
  status: 200,
  auth: method !== 'get',
  upstream: true,
  ...(method === 'post' || method === 'put' ? { body: 'json' as const } : {}),
  ...spec,
});

const authed = (tag: 'basket' | 'orders', method: ApiRoute['method'], path: string, spec: RouteSpec): ApiRoute => ({
  method,
  path,
  tag,
  status: 200,
  auth: true,
  upstream: true,
  ...spec,
});

/** `PUT /api/orders/<action> {orderNumber}` with an `x-requestid`: 404 when not the caller's, 409 when the state forbids it. */
const orderCommand = (action: string, operationId: string, summary: string, description: string): ApiRoute =>
  authed('orders', 'put', `/api/orders/${action}`, { operationId, summary, description, notFound: true, conflict: true, headers: ['x-requestid'], body: 'json' });

const PAGE = ['pageIndex', 'pageSize'];

export const API_ROUTES: readonly ApiRoute[] = [
  catalog('get', '/items', { operationId: 'listCatalogItems', summary: 'A page of catalog items', description: 'Items ordered by id, a page at a time.', query: PAGE }),
  catalog('get', '/items/{id}', { operationId: 'getCatalogItem', summary: 'One catalog item', description: 'The item with this id.', notFound: true }),
  catalog('get', '/items/by', { operationId: 'getCatalogItemsByIds', summary: 'Catalog items by ids', description: 'The items among `ids` (comma separated) that exist.', query: ['ids'] }),
  catalog('get', '/items/by/{name}', {
    operationId: 'findCatalogItemsByName',
    summary: 'Catalog items whose name starts with',
    description: 'Items whose name starts with `name`, a page at a time.',
    query: PAGE,
  }),
  catalog('get', '/items/type/{typeId}/brand/{brandId}', {
    operationId: 'listCatalogItemsByTypeAndBrand',
    summary: 'Catalog items of a type and brand',
    description: 'Items of one type and one brand, a page at a time; `typeId` = `all` filters by brand alone.',
    query: PAGE,
  }),
  catalog('get', '/catalogtypes', { operationId: 'listCatalogTypes', summary: 'Catalog types', description: 'Every catalog type.' }),
  catalog('get', '/catalogbrands', { operationId: 'listCatalogBrands', summary: 'Catalog brands', description: 'Every catalog brand.' }),
  catalog('post', '/items', {
    operationId: 'createCatalogItem',
    summary: 'Create a catalog item',
    description: 'Creates an item; the answer carries its URL in `Location`.',
    status: 201,
  }),
  catalog('put', '/items/{id}', {
    operationId: 'updateCatalogItem',
    summary: 'Update a catalog item',
    description: 'Replaces the item; a price change emits ProductPriceChanged, which updates the baskets holding it.',
    notFound: true,
    conflict: true,
  }),
  catalog('delete', '/items/{id}', { operationId: 'deleteCatalogItem', summary: 'Delete a catalog item', description: 'Removes the item.', status: 204, notFound: true }),
  authed('basket', 'get', '/api/basket', { operationId: 'getBasket', summary: "The caller's basket", description: 'The basket of the buyer the token names (empty when none).' }),
  authed('basket', 'put', '/api/basket', { operationId: 'replaceBasket', summary: "Replace the caller's basket", description: 'Replaces every line of the basket.', body: 'json' }),
  authed('basket', 'delete', '/api/basket', { operationId: 'deleteBasket', summary: "Empty the caller's basket", description: 'Removes the basket.', status: 204 }),
  authed('basket', 'post', '/api/basket/items', {
    operationId: 'addBasketItem',
    summary: 'Add a product to the basket',
    description: 'The client names the product and the quantity; name, price and picture come from catalog. Answers the basket.',
    notFound: true,
    body: 'addBasketItem',
  }),
  authed('basket', 'post', '/api/basket/checkout', {
    operationId: 'checkoutBasket',
    summary: 'Check the basket out',
    description: 'Accepted: the order is made asynchronously (OrderStarted → ordering). `x-requestid` makes a retry safe.',
    status: 202,
    headers: ['x-requestid'],
    body: 'json',
  }),
  authed('orders', 'get', '/api/orders', { operationId: 'listOrders', summary: "The caller's orders", description: 'Summaries of the orders of the buyer the token names.' }),
  authed('orders', 'get', '/api/orders/{id}', {
    operationId: 'getOrder',
    summary: 'One order',
    description: "One of the caller's orders; another buyer's order answers 404 like a missing one.",
    notFound: true,
  }),
  orderCommand('cancel', 'cancelOrder', 'Cancel an order', "Cancels one of the caller's orders while its state allows it."),
  orderCommand('ship', 'shipOrder', 'Ship an order', 'Ships a paid order: staff only (role `admin`, 403 for a buyer).'),
  authed('orders', 'get', '/api/orders/cardtypes', { operationId: 'listCardTypes', summary: 'Card types', description: 'The card types a checkout may name.' }),
  authed('orders', 'post', '/api/orders/draft', {
    operationId: 'draftOrder',
    summary: "Draft an order from the caller's basket",
    description:
      "The order the caller's basket would make: its lines and their total, computed by the gateway from basket-api's lines (names and prices from catalog). The body is empty; nothing is stored. An empty basket is a 400 (`BASKET_EMPTY`).",
  }),
  {
    method: 'get',
    path: '/api/orders/events',
    operationId: 'streamOrderStatusChanges',
    tag: 'orders',
    summary: "Live status changes of the caller's orders",
    description:
      'Server-sent events (`text/event-stream`), served by the gateway itself: one message per status change of the ' +
      "caller's orders, `id:` the event id, `data:` `{orderId, status, buyerId, occurredAt}` (no `event:` field), a " +
      '`retry:` hint and heartbeat comments. A `Last-Event-ID` header (uuid) replays the changes after it that this ' +
      'instance still holds (none when it holds no such id). 429 beyond the open streams one buyer may have; 503 ' +
      '(code `ORDER_EVENTS_CAPACITY`) when the instance is full or shutting down.',
    status: 200,
    auth: true,
    upstream: false,
  },
  {
    method: 'get',
    path: '/health/live',
    operationId: 'getLiveness',
    tag: 'health',
    summary: 'The gateway process answers',
    description: 'Liveness probe.',
    status: 200,
    auth: false,
    upstream: false,
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    tag: 'health',
    summary: 'The gateway is ready',
    description: 'Readiness probe: the status only (`ok` while the gateway answers, whatever its upstreams do).',
    status: 200,
    auth: false,
    upstream: false,
  },
];
