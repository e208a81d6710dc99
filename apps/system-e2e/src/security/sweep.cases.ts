import { CHECKOUT_DETAILS } from '../support/shop';

/** One write route of the public API, with a valid body and the fields a sweep spoils one at a time. */
export interface WriteRoute {
  readonly method: string;
  readonly path: string;
  /** The service that serves the same path behind the gateway. */
  readonly service: 'catalog-api' | 'basket-api' | 'ordering-api';
  readonly valid?: Record<string, unknown>;
  readonly needsRequestId?: boolean;
  /** Dotted paths into `valid` (`items.0.productId`). */
  readonly text?: readonly string[];
  readonly ints?: readonly string[];
  readonly prices?: readonly string[];
}

/** An invalid request: exactly one defect against a valid one. */
export interface SweepCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly service: WriteRoute['service'];
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers: Record<string, string>;
}

const catalogItem = {
  name: 'Sweep Lantern', description: 'A lantern.', price: 19.99, pictureFileName: 'lantern.webp',
  catalogTypeId: 1, catalogBrandId: 1, availableStock: 5, restockThreshold: 1, maxStockThreshold: 10, onReorder: false,
};
const catalogInts = ['catalogTypeId', 'catalogBrandId', 'availableStock', 'restockThreshold', 'maxStockThreshold'];

/** Every write route, for a catalog item `target` (PUT/DELETE) the sweep must not change. */
export function writeRoutes(target: { id: number; version: number }): WriteRoute[] {
  const catalogText = ['name', 'description', 'pictureFileName'];
  return [
    { method: 'POST', path: '/api/catalog/items', service: 'catalog-api', valid: catalogItem, text: catalogText, ints: catalogInts, prices: ['price'] },
    {
      method: 'PUT', path: `/api/catalog/items/${target.id}`, service: 'catalog-api', valid: { ...catalogItem, version: target.version },
      text: catalogText, ints: [...catalogInts, 'version'], prices: ['price'],
    },
    { method: 'PUT', path: '/api/basket', service: 'basket-api', valid: { items: [{ productId: target.id, quantity: 1 }] }, ints: ['items.0.productId', 'items.0.quantity'] },
    { method: 'POST', path: '/api/basket/items', service: 'basket-api', valid: { productId: target.id, quantity: 1 }, ints: ['productId', 'quantity'] },
    {
      method: 'POST', path: '/api/basket/checkout', service: 'basket-api', valid: CHECKOUT_DETAILS, needsRequestId: true,
      text: ['city', 'street', 'state', 'country', 'zipCode', 'cardNumber', 'cardHolderName', 'cardSecurityNumber', 'cardExpiration'],
      ints: ['cardTypeId'],
    },
    { method: 'PUT', path: '/api/orders/cancel', service: 'ordering-api', valid: { orderNumber: 1 }, needsRequestId: true, ints: ['orderNumber'] },
    { method: 'PUT', path: '/api/orders/ship', service: 'ordering-api', valid: { orderNumber: 1 }, needsRequestId: true, ints: ['orderNumber'] },
  ];
}

const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085'];
const TEXT_WRONG_TYPES: unknown[] = [123, true, [], {}];
const INT_WRONG_TYPES: unknown[] = ['1', true, [1], { $gt: 0 }];
const INT_OUT_OF_BOUNDS: unknown[] = [-1, 1.5, 2_147_483_648, 1e308, 2 ** 53 + 2];
const BAD_PRICES: unknown[] = [19.9999999999, 10.123, -0.01, 1e308, '10.00'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const BAD_IDS = ['0', '-1', '2147483648', 'abc', '1.5', '%00'];
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  const last = keys.pop() as string;
  let at: Record<string, unknown> = copy;
  for (const key of keys) at = at[key] as Record<string, unknown>;
  at[last] = value;
  return copy;
}

function fieldCases(route: WriteRoute, valid: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const spoil = (paths: readonly string[] | undefined, kind: string, values: readonly unknown[]) =>
    (paths ?? []).flatMap((path) => values.map((value): [string, Record<string, unknown>] => [
      `${kind} ${path}=${JSON.stringify(value)?.slice(0, 24)}`, withValue(valid, path, value),
    ]));
  const firstField = route.text?.[0] ?? route.ints?.[0] ?? 'x';
  return [
    ...spoil(route.text, 'type', TEXT_WRONG_TYPES),
    ...spoil(route.text, 'bound', ['x'.repeat(10_000)]),
    ...spoil(route.text, 'control', CONTROLS.map((c) => `a${c}b`)),
    ...spoil(route.ints, 'type', INT_WRONG_TYPES),
    ...spoil(route.ints, 'bound', INT_OUT_OF_BOUNDS),
    ...spoil(route.prices, 'price', BAD_PRICES),
    ['unknown field isAdmin', { ...valid, isAdmin: true }],
    ['unknown field unitPrice', { ...valid, unitPrice: 0.01 }],
    [`depth: ${firstField} nested 40 levels`, withValue(valid, firstField, JSON.parse(nested(40)))],
  ];
}

function shapeCases(valid: Record<string, unknown>): Array<[string, string, Record<string, string>?]> {
  const rest = JSON.stringify(valid).slice(1);
  return [
    ...PROTOTYPE_KEYS.map((key): [string, string] => [`prototype key ${key}`, `{"${key}":{"isAdmin":true,"unitPrice":0},${rest}`]),
    ['depth: 10,000 levels', nested(10_000)],
    ['size: 300 KB', JSON.stringify({ ...valid, pad: 'x'.repeat(300_000) })],
    ['malformed JSON', '{"items": ['],
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"text"'],
    ['a form', 'productId=1&quantity=1', { 'content-type': 'application/x-www-form-urlencoded' }],
  ];
}

/** The sweep table: every route × every defect, plus bad ids in catalog paths and bad request ids. */
export function sweepCases(target: { id: number; version: number }): SweepCase[] {
  const cases: SweepCase[] = [];
  for (const route of writeRoutes(target)) {
    const { method, path, service } = route;
    const valid = route.valid ?? {};
    const requestId = (): Record<string, string> => (route.needsRequestId ? { 'x-requestid': crypto.randomUUID() } : {});
    for (const [name, body] of fieldCases(route, valid)) cases.push({ name, method, path, service, body, headers: requestId() });
    for (const [name, rawBody, headers] of shapeCases(valid)) cases.push({ name, method, path, service, rawBody, headers: { ...requestId(), ...headers } });
    if (route.needsRequestId) {
      for (const id of ['', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'a'.repeat(5_000)]) {
        cases.push({ name: `x-requestid ${id.slice(0, 40) || '(empty)'}`, method, path, service, body: valid, headers: { 'x-requestid': id } });
      }
    }
  }
  for (const id of BAD_IDS) {
    cases.push({ name: `DELETE id ${id}`, method: 'DELETE', path: `/api/catalog/items/${id}`, service: 'catalog-api', headers: {} });
    cases.push({ name: `PUT id ${id}`, method: 'PUT', path: `/api/catalog/items/${id}`, service: 'catalog-api', body: { ...catalogItem, version: 1 }, headers: {} });
  }
  return cases;
}
