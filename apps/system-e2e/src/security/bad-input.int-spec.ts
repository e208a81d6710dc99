import { randomUUID } from 'node:crypto';
import { uniqueName } from '@eshop/testing';
import { adminToken, send, tokenFor, type Exchange, type SendOptions } from '../support/http';
import { parkedMessages, waitUntilSettled } from '../support/settle';
import { CHECKOUT_DETAILS, type CatalogItem, type Shop } from '../support/shop';
import type { AppName, TestSystem } from '../support/system';
import { useSystem } from '../support/use-system';
import { sweepCases, type SweepCase } from './sweep.cases';

const messageOf = (reply: Exchange) => String((reply.body as { message?: unknown } | undefined)?.message);
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** `<field>:` or `<field>.`: the 400 names the field (zod paths, `items.0.productId: …`). */
const names = (reply: Exchange, field: string) => reply.status === 400 && new RegExp(`(^|\\W)${field}[.:]`).test(messageOf(reply));

/**
 * Issue 12 §2, replayed through the gateway and straight against the services: control
 * characters, depth, out-of-range ids and "accepted but invalid" values are 4xx naming the
 * field; a flood of them does not open the gateway's catalog breaker; and a table-driven
 * sweep of every write route (types, bounds, control characters, depth, size, unknown
 * fields, prototype keys) gives 0 × 5xx and 0 × 2xx on every surface.
 */
describe('never trust the client: bad input (gateway + services as processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  let product: CatalogItem;
  useSystem(['catalog-api', 'basket-api', 'ordering-api', 'payment-api', 'api-gateway'], (started) => ({ system, shop } = started));
  beforeAll(async () => (product = await shop.createProduct({ price: 19.99, stock: 1_000 })));
  afterEach(async () => {
    if (system) expect(await parkedMessages(system)).toBe(0);
  });

  const gateway = (method: string, path: string, options: SendOptions = {}) => send(system.url('api-gateway'), method, path, options);
  const direct = (app: AppName, method: string, path: string, options: SendOptions = {}) => send(system.url(app), method, path, options);
  /** The same request through the gateway and straight to `app`. */
  const both = async (app: AppName, method: string, path: string, options: SendOptions) => [
    [`gateway ${method} ${path}`, await gateway(method, path, options)],
    [`${app} ${method} ${path}`, await direct(app, method, path, options)],
  ] as Array<[string, Exchange]>;
  const unnamed = (replies: Array<[string, Exchange]>, field: string) =>
    replies.filter(([, reply]) => !names(reply, field)).map(([route, reply]) => `${route}: ${reply.status} ${reply.text.slice(0, 300)}`);

  it('§2 a NUL in catalog name, description or pictureFileName → 400 naming the field', async () => {
    const token = adminToken('catalog-writer');
    const item = { name: 'Lantern', description: 'A lantern.', price: 19.99, pictureFileName: 'l.webp', catalogTypeId: 1, catalogBrandId: 1 };
    const wrong: string[] = [];
    for (const field of ['name', 'description', 'pictureFileName']) {
      wrong.push(...unnamed(await both('catalog-api', 'POST', '/api/catalog/items', { token, body: { ...item, [field]: 'a\u0000b' } }), field));
    }
    expect(wrong).toEqual([]);
  });

  it('§2 60 bad catalog POSTs through the gateway do not open the catalog circuit: an anonymous read still answers 200', async () => {
    const token = adminToken('flooder');
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push((await gateway('POST', '/api/catalog/items', { token, body: { name: `bad\u0000${i}`, price: 1 } })).status);
    }
    expect(statuses.filter((status) => status !== 400)).toEqual([]);
    const read = await gateway('GET', '/api/catalog/items');
    expect({ status: read.status, code: (read.body as { code?: string }).code }).toEqual({ status: 200, code: undefined });
  });

  it('§2 a NUL in a basket line, the buyer name or an address → 400 at the write or the checkout, never 202 then parked', async () => {
    const buyer = uniqueName('buyer');
    const token = tokenFor(buyer);
    const wrong = [
      ...unnamed(await both('basket-api', 'PUT', '/api/basket', { token, body: { items: [{ productId: product.id, quantity: 1, productName: 'a\u0000' }] } }), 'productName'),
      ...unnamed(await both('basket-api', 'POST', '/api/basket/items', { token, body: { productId: `${product.id}\u0000`, quantity: 1 } }), 'productId'),
    ];
    expect((await gateway('PUT', '/api/basket', { token, body: { items: [{ productId: product.id, quantity: 1 }] } })).status).toBe(200);
    const checkout = (options: SendOptions) =>
      both('basket-api', 'POST', '/api/basket/checkout', { ...options, headers: { 'x-requestid': randomUUID() } });
    wrong.push(...unnamed(await checkout({ token, body: { ...CHECKOUT_DETAILS, city: 'Red\u0000mond' } }), 'city'));
    wrong.push(...unnamed(await checkout({ token, body: { ...CHECKOUT_DETAILS, street: 'a\u0000' } }), 'street'));
    // The buyer name comes from the token: a NUL there is refused at checkout, not in ordering.
    const nulName = tokenFor(buyer, 'Eve\u0000');
    const byName = await checkout({ token: nulName, body: CHECKOUT_DETAILS });
    wrong.push(...byName.filter(([, reply]) => reply.status !== 400).map(([route, reply]) => `${route} NUL name: ${reply.status} ${reply.text}`));
    expect(wrong).toEqual([]);
    await waitUntilSettled(system);
    expect(await shop.orderNumbers(buyer)).toEqual([]);
    expect((await shop.basket(buyer)).map((line) => line.productId)).toEqual([product.id]);
  });

  it('§2 10,000 levels of nested JSON → 400 on every write route, at the gateway and at each service', async () => {
    const token = tokenFor('nester');
    const staff = adminToken('nester'); // catalog writes are staff's: the input, not the role, is under test
    const routes: Array<[AppName, string, string]> = [
      ['catalog-api', 'POST', '/api/catalog/items'], ['basket-api', 'PUT', '/api/basket'], ['basket-api', 'POST', '/api/basket/items'],
      ['basket-api', 'POST', '/api/basket/checkout'], ['ordering-api', 'PUT', '/api/orders/cancel'],
    ];
    const wrong: string[] = [];
    for (const [app, method, path] of routes) {
      const options = { token: app === 'catalog-api' ? staff : token, rawBody: nested(10_000), headers: { 'x-requestid': randomUUID() } };
      for (const [route, reply] of await both(app, method, path, options)) {
        if (reply.status !== 400) wrong.push(`${route}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('§2 productId 2147483648 and oversized tokens stay 4xx with the reason (never 503)', async () => {
    const token = tokenFor('overflower');
    const add = await both('basket-api', 'POST', '/api/basket/items', { token, body: { productId: 2_147_483_648, quantity: 1 } });
    const read = await both('catalog-api', 'GET', '/api/catalog/items/2147483648', {});
    expect([...unnamed(add, 'productId'), ...unnamed(read, 'id')]).toEqual([]);
    // A public read ignores the token (200) or refuses the header (431); a protected one refuses it: never a 5xx.
    const outcomes: string[] = [];
    for (const size of [8_000, 15_000, 40_000]) {
      const huge = `${token}${'A'.repeat(size)}`;
      for (const [path, lowest] of [['/api/catalog/items/1', 200], ['/api/basket', 400]] as const) {
        const reply = await gateway('GET', path, { token: huge });
        if (reply.status >= 500 || reply.status < lowest) outcomes.push(`GET ${path} with a ${size}-byte token: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('§2 accepted-but-invalid values are refused: past card expiry, cardTypeId 99 and 2^31, nil x-requestid, prices with 3+ decimals', async () => {
    const buyer = uniqueName('buyer');
    const token = tokenFor(buyer);
    expect((await gateway('PUT', '/api/basket', { token, body: { items: [{ productId: product.id, quantity: 1 }] } })).status).toBe(200);
    const checkout = (body: unknown, requestId = randomUUID()) =>
      both('basket-api', 'POST', '/api/basket/checkout', { token, body, headers: { 'x-requestid': requestId } });
    const item = { name: 'Lantern', price: 19.9999999999, catalogTypeId: 1, catalogBrandId: 1 };
    const draftLine = { productId: product.id, productName: 'Mug', unitPrice: 0.01, quantity: 1, pictureUrl: '' };
    const wrong = [
      ...unnamed(await checkout({ ...CHECKOUT_DETAILS, cardExpiration: '2020-01-31T00:00:00.000Z' }), 'cardExpiration'),
      ...unnamed(await checkout({ ...CHECKOUT_DETAILS, cardTypeId: 2 ** 31 }), 'cardTypeId'),
      ...unnamed(await checkout({ ...CHECKOUT_DETAILS, cardTypeId: 99 }), 'cardTypeId'),
      ...unnamed(await checkout(CHECKOUT_DETAILS, NIL_UUID), 'x-requestid'),
      ...unnamed(await both('ordering-api', 'PUT', '/api/orders/cancel', { token, body: { orderNumber: 1 }, headers: { 'x-requestid': NIL_UUID } }), 'x-requestid'),
      ...unnamed(await both('catalog-api', 'POST', '/api/catalog/items', { token: adminToken(buyer), body: item }), 'price'),
      // A draft's lines are the caller's basket, read by the gateway: a client sends none.
      ...unnamed([['gateway POST /api/orders/draft', await gateway('POST', '/api/orders/draft', { token, body: { items: [draftLine] } })]], 'items'),
    ];
    expect(wrong).toEqual([]);
    await waitUntilSettled(system);
    expect(await shop.orderNumbers(buyer)).toEqual([]);
  });

  it('sweep: every write route × types, bounds, control characters, depth, size, unknown fields, prototype keys → 4xx only', async () => {
    const buyer = uniqueName('sweeper');
    const token = tokenFor(buyer);
    const target = await shop.createProduct({ price: 5, stock: 100 });
    // The sweeper has a basket: a checkout case fails for its one defect, not for an empty basket.
    expect((await gateway('PUT', '/api/basket', { token, body: { items: [{ productId: target.id, quantity: 1 }] } })).status).toBe(200);
    const cases = sweepCases(target);
    const surfaces: Array<[string, (c: SweepCase) => Promise<Exchange>, (c: SweepCase) => boolean]> = [
      ['gateway', (c) => gateway(c.method, c.path, sweepOptions(c, token)), () => true],
      ...(['catalog-api', 'basket-api', 'ordering-api'] as const).map((app): [string, (c: SweepCase) => Promise<Exchange>, (c: SweepCase) => boolean] => [
        app, (c) => direct(app, c.method, c.path, sweepOptions(c, token)), (c) => c.service === app,
      ]),
    ];
    const wrong: string[] = [];
    for (const [surface, sendCase, applies] of surfaces) {
      const statuses: number[] = [];
      for (const c of cases.filter(applies)) {
        const reply = await sendCase(c);
        statuses.push(reply.status);
        if (reply.status < 400 || reply.status >= 500) wrong.push(`${surface} ${c.method} ${c.path} ${c.name}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
      const count = (low: number) => statuses.filter((status) => status >= low && status < low + 100).length;
      process.stdout.write(`security sweep: ${surface} cases=${statuses.length} 4xx=${count(400)} 5xx=${count(500)} 2xx=${count(200)}\n`);
    }
    expect(wrong).toEqual([]);
    // Nothing of it was taken: the target item and the sweeper's basket are as they were.
    expect(await shop.item(target.id)).toMatchObject({ version: target.version, price: 5, name: target.name });
    expect((await shop.basket(buyer)).map(({ productId, quantity }) => ({ productId, quantity }))).toEqual([{ productId: target.id, quantity: 1 }]);
    await waitUntilSettled(system);
    expect(await shop.orderNumbers(buyer)).toEqual([]);
  }, 240_000);
});

/** Staff routes (catalog writes, shipping) get a staff token: the sweep is about input, not roles. */
function sweepOptions(c: SweepCase, token: string): SendOptions {
  const staff = c.service === 'catalog-api' || c.path === '/api/orders/ship';
  return { token: staff ? adminToken('sweeper-staff') : token, headers: c.headers, ...(c.rawBody === undefined ? { body: c.body } : { rawBody: c.rawBody }) };
}
