import { randomUUID } from 'node:crypto';
import { uniqueName, waitFor } from '@eshop/testing';
import { adminToken, send, tokenFor, type Exchange, type SendOptions } from '../support/http';
import { parkedMessages, waitUntilSettled } from '../support/settle';
import { CHECKOUT_DETAILS, type BasketLine, type CatalogItem, type OrderView, type Shop } from '../support/shop';
import type { AppName, TestSystem } from '../support/system';
import { useSystem } from '../support/use-system';

type Basket = { items: Array<BasketLine & { productName: string; pictureUrl: string }> };
const cents = (amount: number) => Math.round(amount * 100);
const messageOf = (reply: Exchange) => String((reply.body as { message?: unknown } | undefined)?.message);

/**
 * Issue 12 §1 and §3, replayed through the gateway and straight against basket-api: a client
 * sends only productId and quantity (name, price, picture, version come from catalog, on
 * every write path, and follow catalog's price changes), so an order's total is catalog's
 * prices × quantities; and a checkout request id belongs to its buyer.
 */
describe('never trust the client: prices and request ids (gateway + four services as processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  useSystem(['catalog-api', 'basket-api', 'ordering-api', 'payment-api', 'api-gateway'], (started) => ({ system, shop } = started));
  afterEach(async () => {
    if (system) expect(await parkedMessages(system)).toBe(0);
  });

  const gateway = <T = unknown>(method: string, path: string, options: SendOptions = {}) =>
    send<T>(system.url('api-gateway'), method, path, options);
  const direct = <T = unknown>(app: AppName, method: string, path: string, options: SendOptions = {}) =>
    send<T>(system.url(app), method, path, options);

  it('§1 every basket write route refuses a client-set name, price, picture or version with a 400 naming it', async () => {
    const product = await shop.createProduct({ price: 378, stock: 50 });
    const token = tokenFor(uniqueName('buyer'));
    const smuggled = {
      productName: 'FREE BACKPACK', unitPrice: 0.01, oldUnitPrice: 0.01, pictureUrl: 'https://evil.example/x.png', version: 999_999_999,
    };
    const outcomes: string[] = [];
    for (const [field, value] of Object.entries(smuggled)) {
      const line = { productId: product.id, quantity: 3, [field]: value };
      const attempts: Array<[string, Exchange]> = [
        ['gateway PUT /api/basket', await gateway('PUT', '/api/basket', { token, body: { items: [line] } })],
        ['gateway POST /api/basket/items', await gateway('POST', '/api/basket/items', { token, body: line })],
        ['basket PUT /api/basket', await direct('basket-api', 'PUT', '/api/basket', { token, body: { items: [line] } })],
        ['basket POST /api/basket/items', await direct('basket-api', 'POST', '/api/basket/items', { token, body: line })],
      ];
      for (const [route, reply] of attempts) {
        const named = reply.status === 400 && messageOf(reply).includes(field);
        if (!named) outcomes.push(`${route} with ${field}: ${reply.status} ${reply.text}`);
      }
    }
    expect(outcomes).toEqual([]);
    expect((await gateway<Basket>('GET', '/api/basket', { token })).body.items).toEqual([]);
  });

  it('§1 a product catalog does not know is refused, never a line', async () => {
    const token = tokenFor(uniqueName('buyer'));
    const unknown = { productId: 2_000_000_000, quantity: 1 };
    const replies = [
      await gateway('PUT', '/api/basket', { token, body: { items: [unknown] } }),
      await gateway('POST', '/api/basket/items', { token, body: unknown }),
      await direct('basket-api', 'PUT', '/api/basket', { token, body: { items: [unknown] } }),
      await direct('basket-api', 'POST', '/api/basket/items', { token, body: unknown }),
    ];
    expect(replies.map((reply) => [400, 404].includes(reply.status))).toEqual([true, true, true, true]);
    expect((await gateway<Basket>('GET', '/api/basket', { token })).body.items).toEqual([]);
  });

  it('§1 lines added every proper way, a price changed meanwhile: the paid order totals catalog prices × quantities', async () => {
    const backpack = await shop.createProduct({ price: 378, stock: 50 });
    const stove = await shop.createProduct({ price: 30.05, stock: 50 });
    const mug = await shop.createProduct({ price: 7.5, stock: 50 });
    const buyer = uniqueName('buyer');
    const token = tokenFor(buyer);

    const put = await gateway<Basket>('PUT', '/api/basket', {
      token, body: { items: [{ productId: backpack.id, quantity: 3 }, { productId: stove.id, quantity: 2 }] },
    });
    expect(put.status).toBe(200);
    expect((await gateway('POST', '/api/basket/items', { token, body: { productId: mug.id, quantity: 4 } })).status).toBe(200);
    expect((await direct('basket-api', 'POST', '/api/basket/items', { token, body: { productId: stove.id, quantity: 1 } })).status).toBe(200);
    // A price change after the lines were written reaches them (no client version pins a line).
    expect((await shop.changePrice(await shop.item(backpack.id), 399.99)).status).toBe(200);
    const lines = await waitFor(async () => {
      const { body } = await gateway<Basket>('GET', '/api/basket', { token });
      return body.items.find((line) => line.productId === backpack.id)?.unitPrice === 399.99 ? body.items : undefined;
    }, 'the price change to reach the basket', 20_000);
    expect(lines.map(({ productId, quantity }) => [productId, quantity]).sort()).toEqual(
      [[backpack.id, 3], [stove.id, 3], [mug.id, 4]].sort(),
    );

    const checkout = await gateway('POST', '/api/basket/checkout', { token, body: CHECKOUT_DETAILS, headers: { 'x-requestid': randomUUID() } });
    expect(checkout.status).toBe(202);
    const order = await shop.waitForStatus(buyer, await shop.theOrderOf(buyer), 'paid');

    // Catalog's own answer, read as an anonymous visitor would.
    const catalog = await Promise.all(
      lines.map(async (line) => (await gateway<CatalogItem>('GET', `/api/catalog/items/${line.productId}`)).body),
    );
    const expected = lines.reduce((sum, line) => sum + cents(catalog.find((item) => item.id === line.productId)?.price ?? NaN) * line.quantity, 0);
    expect(cents(order.total)).toBe(expected); // 3 × 399.99 + 3 × 30.05 + 4 × 7.50 = 1,320.12
    for (const item of order.items) {
      expect(cents(item.unitPrice)).toBe(cents(catalog.find((product) => product.id === item.productId)?.price ?? NaN));
    }
    await waitUntilSettled(system);
  });

  it('§3 two buyers, one x-requestid: each gets an order, and the second answer reveals nothing of the first', async () => {
    const product = await shop.createProduct({ price: 12.5, stock: 50 });
    const [g, h, k] = [uniqueName('buyer-g'), uniqueName('buyer-h'), uniqueName('buyer-k')];
    const shared = randomUUID();
    const checkout = async (buyer: string, requestId: string) => {
      const token = tokenFor(buyer);
      expect((await gateway('PUT', '/api/basket', { token, body: { items: [{ productId: product.id, quantity: 1 }] } })).status).toBe(200);
      return gateway('POST', '/api/basket/checkout', { token, body: CHECKOUT_DETAILS, headers: { 'x-requestid': requestId } });
    };

    const first = await checkout(g, shared);
    const gOrder = await shop.waitForStatus(g, await shop.theOrderOf(g), 'paid');
    const second = await checkout(h, shared);
    const hOrder = await shop.waitForStatus(h, await shop.theOrderOf(h), 'paid');
    // A third buyer with a fresh id: what an unused id looks like.
    const fresh = randomUUID();
    const third = await checkout(k, fresh);
    await shop.waitForStatus(k, await shop.theOrderOf(k), 'paid');

    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(second.body).toEqual({ requestId: shared });
    expect(third.body).toEqual({ requestId: fresh });
    expect(second.text).not.toContain(g);
    expect(JSON.stringify(hOrder)).not.toContain(g);
    expect(hOrder.orderNumber).not.toBe(gOrder.orderNumber);
    expect([await shop.orderNumbers(g), await shop.orderNumbers(h)]).toEqual([[gOrder.orderNumber], [hOrder.orderNumber]]);

    // Shipping is staff's: a buyer gets 403 from ordering-api through the gateway. Two staff
    // members' ship commands share one id too (ids are scoped to their caller).
    const shipId = randomUUID();
    const byBuyer = await gateway('PUT', '/api/orders/ship', {
      token: tokenFor(g), body: { orderNumber: gOrder.orderNumber }, headers: { 'x-requestid': shipId },
    });
    expect({ status: byBuyer.status, body: byBuyer.body }).toMatchObject({ status: 403, body: { message: 'requires role admin' } });
    for (const [staff, order] of [['staff-1', gOrder], ['staff-2', hOrder]] as Array<[string, OrderView]>) {
      const ship = await gateway('PUT', '/api/orders/ship', {
        token: adminToken(staff), body: { orderNumber: order.orderNumber }, headers: { 'x-requestid': shipId },
      });
      expect({ staff, status: ship.status, body: ship.body }).toEqual({ staff, status: 200, body: { orderNumber: order.orderNumber, status: 'shipped' } });
    }
    expect((await checkout(h, shared)).status).toBe(202);
    await waitUntilSettled(system);
    expect(await shop.orderNumbers(h)).toEqual([hOrder.orderNumber]);
  });
});
