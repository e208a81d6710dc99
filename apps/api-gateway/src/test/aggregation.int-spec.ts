import { startChild, waitFor, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { identity, send, TestGateway, tokenFor } from './gateway.fixture';
import { RealApps, type RunningChild } from './real-apps.fixture';
import { bundleForTest, freePort } from '@eshop/testing';

interface CatalogItem {
  id: number;
  name: string;
  price: number;
  pictureFileName: string;
}

/**
 * `POST /api/basket/items {productId, quantity}` against the real catalog-api and basket-api
 * (Postgres, Redis, RabbitMQ), through the built gateway started as `node main.js`.
 */
describe('gateway aggregation with the real catalog-api and basket-api', () => {
  const apps = new RealApps();
  let gatewayBuild: ReturnType<typeof bundleForTest>;
  let gatewayChild: ChildApp;
  let gateway: string;
  let catalog: RunningChild;
  let basket: RunningChild;
  const fakes = new FakeUpstreams();
  let fakeOrdering: FakeUpstream;
  const token = tokenFor('dora');

  beforeAll(async () => {
    gatewayBuild = bundleForTest('apps/api-gateway/src/main.ts');
    catalog = await apps.startCatalog({ LOG_LEVEL: 'info' });
    basket = await apps.startBasket({ CATALOG_URL: catalog.url });
    [fakeOrdering] = await fakes.start('ordering-api');
    const port = await freePort();
    gatewayChild = startChild(gatewayBuild.file, {
      PORT: String(port),
      ...(await identity.listen()).env(),
      CATALOG_URL: catalog.url,
      BASKET_URL: basket.url,
      ORDERING_URL: fakeOrdering.url,
      LOG_LEVEL: 'info',
    });
    gateway = `http://127.0.0.1:${port}`;
    await waitForHttpOk(`${gateway}/health/ready`);
  }, 120_000);

  afterAll(async () => {
    await gatewayChild?.stop();
    gatewayBuild?.remove();
    await apps.close();
    await fakes.stop();
  });

  const catalogItem = async (id: number) => (await (await fetch(`${catalog.url}/api/catalog/items/${id}`)).json()) as CatalogItem;

  it("writes the basket line with catalog's name, price and picture", async () => {
    const product = await catalogItem(1);
    const added = await send(gateway, 'POST', '/api/basket/items', { token, body: { productId: 1, quantity: 2 } });
    const line = {
      productId: 1,
      productName: product.name,
      unitPrice: product.price,
      oldUnitPrice: product.price,
      quantity: 2,
      pictureUrl: `/pictures/${encodeURIComponent(product.pictureFileName)}`,
    };
    expect(added).toMatchObject({ status: 200, body: { buyerId: 'dora', items: [expect.objectContaining(line)] } });
    const read = await send(gateway, 'GET', '/api/basket', { token });
    expect(read.body).toEqual({ buyerId: 'dora', items: [expect.objectContaining(line)] });
  });

  it("drafts the order from the caller's basket as basket holds it: a client sends no lines, and no service takes any", async () => {
    const [three, four] = [await catalogItem(3), await catalogItem(4)];
    const olga = tokenFor('olga');
    const empty = await send(gateway, 'POST', '/api/orders/draft', { token: olga, body: {} });
    expect(empty).toMatchObject({ status: 400, body: { code: 'BASKET_EMPTY', message: expect.stringMatching(/^basket: /) } });
    for (const [productId, quantity] of [[3, 2], [4, 3]]) {
      expect((await send(gateway, 'POST', '/api/basket/items', { token: olga, body: { productId, quantity } })).status).toBe(200);
    }
    const draft = await send(gateway, 'POST', '/api/orders/draft', { token: olga });
    const picture = (item: CatalogItem) => `/pictures/${encodeURIComponent(item.pictureFileName)}`;
    expect(draft).toMatchObject({
      status: 200,
      body: {
        items: [
          { productId: 3, productName: three.name, unitPrice: three.price, units: 2, pictureUrl: picture(three) },
          { productId: 4, productName: four.name, unitPrice: four.price, units: 3, pictureUrl: picture(four) },
        ],
        // Summed in cents, as ordering sums an order: no float drift.
        total: (Math.round(three.price * 100) * 2 + Math.round(four.price * 100) * 3) / 100,
      },
    });
    const forged = { items: [{ productId: 3, productName: 'FREE', unitPrice: 0.01, quantity: 2, pictureUrl: '' }] };
    const refused = await send(gateway, 'POST', '/api/orders/draft', { token: olga, body: forged });
    expect(refused).toMatchObject({ status: 400, body: { message: expect.stringMatching(/unknown field/) } });
    expect(await send(gateway, 'POST', '/api/orders/draft', { body: {} })).toMatchObject({ status: 401 });
    // The draft is the gateway's own: ordering-api is never asked, so no service prices lines a caller sent.
    expect(await fakeOrdering.calls()).toEqual([]);
  });

  it("refuses an unknown product with 404, and relays basket's own 400 (its quantity limit)", async () => {
    const unknown = await send(gateway, 'POST', '/api/basket/items', { token, body: { productId: 987_654, quantity: 1 } });
    expect(unknown).toMatchObject({
      status: 404,
      body: { statusCode: 404, code: 'PRODUCT_NOT_FOUND', message: 'product 987654 not found in catalog' },
    });
    const tooMany = await send(gateway, 'POST', '/api/basket/items', { token, body: { productId: 2, quantity: 1_000 } });
    expect(tooMany).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^quantity: /) } });
    const read = await send(gateway, 'GET', '/api/basket', { token });
    expect((read.body['items'] as Array<{ productId: number }>).map((i) => i.productId)).toEqual([1]);
  });

  it('logs JSON lines with one request id, in the gateway and in catalog-api', async () => {
    const id = `trace-${Date.now()}`;
    const reply = await send(gateway, 'GET', '/api/catalog/items/2', { headers: { 'x-request-id': id } });
    expect(reply.headers.get('x-request-id')).toBe(id);
    const linesWith = (output: string) =>
      output
        .split('\n')
        .filter((line) => line.includes(id))
        .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string }; service?: string });
    // Log lines reach this process through the children's stdout pipes, a moment later.
    const logged = (child: ChildApp) => () => {
      const lines = linesWith(child.output());
      return lines.length > 0 ? lines : undefined;
    };
    const gatewayLines = await waitFor(logged(gatewayChild), 'the gateway log line');
    const catalogLines = await waitFor(logged(catalog.child), 'the catalog log line');
    expect(gatewayLines).toContainEqual(expect.objectContaining({ service: 'api-gateway', req: expect.objectContaining({ id, url: '/api/catalog/items/2' }) }));
    expect(catalogLines).toContainEqual(expect.objectContaining({ service: 'catalog-api', req: expect.objectContaining({ id }) }));
    // The token is never logged.
    const authed = await send(gateway, 'GET', '/api/basket', { token, headers: { 'x-request-id': `${id}-b` } });
    expect(authed.status).toBe(200);
    expect(gatewayChild.output()).not.toContain(token);
  });

  it("answers 503 naming catalog-api when catalog is down, and leaves the basket as it was", async () => {
    await catalog.child.stop('SIGKILL');
    const reply = await send(gateway, 'POST', '/api/basket/items', { token, body: { productId: 3, quantity: 1 } });
    expect(reply).toMatchObject({ status: 503, body: { statusCode: 503, upstream: 'catalog-api' } });
    const read = await send(gateway, 'GET', '/api/basket', { token });
    expect((read.body['items'] as Array<{ productId: number }>).map((i) => i.productId)).toEqual([1]);
  });
});

/** What exactly goes to basket, and what a catalog refusal turns into: fake catalog and basket. */
describe('gateway aggregation: the request sent to basket-api', () => {
  const fakes = new FakeUpstreams();
  let fakeCatalog: FakeUpstream;
  let fakeBasket: FakeUpstream;
  let gateway: TestGateway;
  const token = tokenFor('erin');

  beforeAll(async () => {
    [fakeCatalog, fakeBasket] = await fakes.start('catalog-api', 'basket-api');
    gateway = await TestGateway.start({ CATALOG_URL: fakeCatalog.url, BASKET_URL: fakeBasket.url });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
  });

  afterEach(async () => {
    await Promise.all([fakeCatalog.behave({}), fakeBasket.behave({})]);
    await Promise.all([fakeCatalog.forgetCalls(), fakeBasket.forgetCalls()]);
  });

  it("sends only productId and quantity, with the client's Authorization and x-requestid", async () => {
    const reply = await gateway.request('POST', '/api/basket/items', { token, body: { productId: 4, quantity: 3 }, headers: { 'x-requestid': 'add-1' } });
    expect(reply.status).toBe(200);
    expect((await fakeCatalog.calls()).map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/catalog/items/4']);
    const [call] = await fakeBasket.calls();
    expect(call).toMatchObject({ method: 'POST', url: '/api/basket/items' });
    expect(JSON.parse(call?.body ?? '')).toEqual({ productId: 4, quantity: 3 });
    expect(call?.headers).toMatchObject({ authorization: `Bearer ${token}`, 'x-requestid': 'add-1', 'content-type': 'application/json' });
  });

  it("checks the product without the client's conditional header (catalog's 304 would be no product)", async () => {
    const reply = await gateway.request('POST', '/api/basket/items', { token, body: { productId: 4, quantity: 1 }, headers: { 'if-none-match': 'W/"4"' } });
    expect(reply.status).toBe(200);
    const [check] = await fakeCatalog.calls();
    expect(check).toMatchObject({ method: 'GET', url: '/api/catalog/items/4' });
    expect(check?.headers['if-none-match']).toBeUndefined();
  });

  it.each([400, 431])("relays catalog's %i as that status with catalog's reason, and calls no basket", async (status) => {
    await fakeCatalog.behave({ status });
    const reply = await gateway.request('POST', '/api/basket/items', { token, body: { productId: 5, quantity: 1 } });
    expect(reply).toMatchObject({ status, body: { message: 'catalog-api: refused GET /api/catalog/items/5' } });
    expect(await fakeBasket.calls()).toEqual([]);
  });

  it("drafts from a basket read with the caller's token and no body or conditional headers of the client's", async () => {
    await gateway.request('POST', '/api/orders/draft', { token, body: {}, headers: { 'if-none-match': 'W/"1-abc"' } });
    const [call] = await fakeBasket.calls();
    expect(call).toMatchObject({ method: 'GET', url: '/api/basket', headers: { authorization: `Bearer ${token}` } });
    expect(call?.headers['content-type']).toBeUndefined();
    expect(call?.headers['if-none-match']).toBeUndefined();
  });

  it("relays basket's refusal of the draft's read as basket gave it", async () => {
    await fakeBasket.behave({ status: 401 });
    const reply = await gateway.request('POST', '/api/orders/draft', { token, body: {} });
    expect(reply).toMatchObject({ status: 401, body: { message: 'basket-api: refused GET /api/basket' } });
  });

  it('answers 503 naming basket-api when its basket is not one (no items list)', async () => {
    const reply = await gateway.request('POST', '/api/orders/draft', { token, body: {} });
    expect(reply).toMatchObject({ status: 503, body: { statusCode: 503, code: 'UPSTREAM_UNEXPECTED_ANSWER', upstream: 'basket-api' } });
  });
});
