import { createTestDatabase, testEnv, uniqueName, type TestDatabase } from '@eshop/testing';
import { CatalogApp, outboxRows, sql } from './catalog-fixture';

interface Item {
  id: number;
  name: string;
  price: number;
  version: number;
  catalogTypeId: number;
  catalogBrandId: number;
  [field: string]: unknown;
}
interface Paged {
  pageIndex: number;
  pageSize: number;
  count: number;
  data: Item[];
}

const newItem = {
  name: 'Summit Thermos 1L',
  description: 'Keeps tea hot for 24 hours.',
  price: 34.9,
  pictureFileName: 'thermos.webp',
  catalogTypeId: 7,
  catalogBrandId: 2,
  availableStock: 40,
  restockThreshold: 5,
  maxStockThreshold: 100,
  onReorder: false,
};

describe('catalog-api HTTP', () => {
  let db: TestDatabase;
  let catalog: CatalogApp;

  beforeAll(async () => {
    db = await createTestDatabase('catalog_http');
    catalog = await CatalogApp.start({
      DATABASE_URL: db.url,
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: uniqueName('test.catalog'),
      OUTBOX_RELAY: 'off',
    });
  });
  afterAll(async () => {
    await catalog?.close();
    await db?.drop();
  });

  const get = async <T>(path: string) => {
    const response = await catalog.request('GET', path, { token: null });
    expect(response.status).toBe(200);
    return response.body as T;
  };
  const itemToEdit = async (id: number) => {
    const { version, ...rest } = await get<Item>(`/api/catalog/items/${id}`);
    const { id: _id, ...fields } = rest;
    return { fields, version };
  };

  it('seeds an empty database with brands, types and about a hundred items, readable without a token', async () => {
    const page = await get<Paged>('/api/catalog/items');
    expect(page).toMatchObject({ pageIndex: 0, pageSize: 10, count: 100 });
    expect(page.data).toHaveLength(10);
    expect(Object.keys(page.data[0] ?? {}).sort()).toEqual(
      ['id', 'name', 'description', 'price', 'pictureFileName', 'catalogTypeId', 'catalogBrandId',
        'availableStock', 'restockThreshold', 'maxStockThreshold', 'onReorder', 'version'].sort(),
    );
    expect(await get<unknown[]>('/api/catalog/catalogbrands')).toHaveLength(7);
    expect(await get<unknown[]>('/api/catalog/catalogtypes')).toHaveLength(8);
  });

  it('pages through the catalog in name order without overlap', async () => {
    const first = await get<Paged>('/api/catalog/items?pageIndex=0&pageSize=30');
    const second = await get<Paged>('/api/catalog/items?pageIndex=1&pageSize=30');
    const last = await get<Paged>('/api/catalog/items?pageIndex=3&pageSize=30');
    const names = [...first.data, ...second.data].map((i) => i.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set([...first.data, ...second.data].map((i) => i.id)).size).toBe(60);
    expect(last.data.length).toBe(last.count - 90);
  });

  it('finds items by ids, by name prefix (case-insensitive) and by type and brand', async () => {
    const byIds = await get<Item[]>('/api/catalog/items/by?ids=3,1,99999');
    expect(byIds.map((i) => i.id)).toEqual([1, 3]);
    const byName = await get<Paged>('/api/catalog/items/by/RIDGELINE?pageSize=50');
    expect(byName.count).toBe(3);
    expect(byName.data.every((i) => i.name.startsWith('Ridgeline'))).toBe(true);
    const byType = await get<Paged>('/api/catalog/items/type/1/brand?pageSize=100');
    const byTypeAndBrand = await get<Paged>('/api/catalog/items/type/1/brand/1?pageSize=100');
    expect(byType.data.every((i) => i.catalogTypeId === 1)).toBe(true);
    expect(byTypeAndBrand.data.every((i) => i.catalogTypeId === 1 && i.catalogBrandId === 1)).toBe(true);
    expect(byTypeAndBrand.count).toBeGreaterThan(0);
    expect(byType.count).toBeGreaterThan(byTypeAndBrand.count);
  });

  it.each([
    ['GET', '/api/catalog/items/abc', undefined, 'id:'],
    ['GET', '/api/catalog/items/1.5', undefined, 'id:'],
    ['GET', '/api/catalog/items?pageSize=100000', undefined, 'pageSize:'],
    ['GET', '/api/catalog/items?pageIndex=-1', undefined, 'pageIndex:'],
    ['GET', '/api/catalog/items?colour=red', undefined, 'colour: unknown field'],
    ['GET', '/api/catalog/items/by?ids=1,x', undefined, 'ids:'],
    ['GET', '/api/catalog/items/type/x/brand/1', undefined, 'typeId:'],
    ['POST', '/api/catalog/items', { ...newItem, price: -1 }, 'price:'],
    ['POST', '/api/catalog/items', { ...newItem, price: 10.123 }, 'price: must have at most two decimals'],
    ['POST', '/api/catalog/items', { ...newItem, price: '10.00' }, 'price:'],
    ['POST', '/api/catalog/items', { ...newItem, name: undefined }, 'name:'],
    ['POST', '/api/catalog/items', { ...newItem, colour: 'red' }, 'colour: unknown field'],
    ['POST', '/api/catalog/items', { ...newItem, catalogTypeId: 999 }, 'catalogTypeId: no catalog type 999'],
    ['POST', '/api/catalog/items', { ...newItem, catalogBrandId: 999 }, 'catalogBrandId: no catalog brand 999'],
    ['PUT', '/api/catalog/items/2', { ...newItem }, 'version:'],
    ['PUT', '/api/catalog/items/2', { ...newItem, version: 1, id: 3 }, 'id: 3 does not match'],
    ['PUT', '/api/catalog/items/abc', { ...newItem, version: 1 }, 'id:'],
    ['DELETE', '/api/catalog/items/0', undefined, 'id:'],
  ])('%s %s with bad input → 400 naming the field (%#)', async (method, path, body, message) => {
    const response = await catalog.request(method, path, { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((response.body as { message: string }).message).toContain(message);
  });

  it('answers 400 to malformed JSON and 404 to unknown ids', async () => {
    const malformed = await fetch(`${catalog.url}/api/catalog/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${catalog.token}` },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    for (const [method, body] of [['GET', undefined], ['PUT', { ...newItem, version: 1 }], ['DELETE', undefined]] as const) {
      const response = await catalog.request(method, '/api/catalog/items/987654', { body });
      expect(response).toMatchObject({ status: 404, body: { message: 'catalog item 987654 not found' } });
    }
  });

  it('requires a valid token for writes', async () => {
    for (const token of [null, 'not.a.token', catalog.token.replace(/.$/, 'x')]) {
      const response = await catalog.request('POST', '/api/catalog/items', { body: newItem, token });
      expect(response.status).toBe(401);
    }
    expect((await get<Paged>('/api/catalog/items')).count).toBe(100);
  });

  it('creates (version 1, Location), replaces (version + 1) and deletes an item', async () => {
    const created = await catalog.request('POST', '/api/catalog/items', { body: newItem });
    expect(created.status).toBe(201);
    const item = created.body as Item;
    expect(created.headers.get('location')).toBe(`/api/catalog/items/${item.id}`);
    expect(item).toMatchObject({ ...newItem, version: 1 });
    expect(await get<Item>(`/api/catalog/items/${item.id}`)).toEqual(item);

    const updated = await catalog.request('PUT', `/api/catalog/items/${item.id}`, {
      body: { ...newItem, id: item.id, name: 'Summit Thermos 1.2L', version: 1 },
    });
    expect(updated).toMatchObject({ status: 200, body: { name: 'Summit Thermos 1.2L', version: 2 } });

    expect((await catalog.request('DELETE', `/api/catalog/items/${item.id}`)).status).toBe(204);
    expect((await catalog.request('GET', `/api/catalog/items/${item.id}`)).status).toBe(404);
  });

  it('stores prices exactly and answers 409 to a PUT that carries a stale version', async () => {
    const { fields, version } = await itemToEdit(5);
    const first = await catalog.request('PUT', '/api/catalog/items/5', { body: { ...fields, price: 0.1 + 0.2, version } });
    expect(first).toMatchObject({ status: 200, body: { price: 0.3, version: version + 1 } });
    const [{ price }] = await sql<{ price: string }>(db.url, 'SELECT price::text FROM catalog_item WHERE id = 5');
    expect(price).toBe('0.30');

    const stale = await catalog.request('PUT', '/api/catalog/items/5', { body: { ...fields, price: 99.99, version } });
    expect(stale.status).toBe(409);
    expect((stale.body as { message: string }).message).toContain(`is at version ${version + 1}, not ${version}`);
    expect(await get<Item>('/api/catalog/items/5')).toMatchObject({ price: 0.3, version: version + 1 });
  });

  it('writes an outbox event for a price change only, with the new version and the caller’s trace', async () => {
    const before = (await outboxRows(db.url)).length;
    const { fields, version } = await itemToEdit(10);
    await catalog.request('PUT', '/api/catalog/items/10', { body: { ...fields, name: 'Renamed', version } });
    expect(await outboxRows(db.url)).toHaveLength(before);

    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await catalog.request('PUT', '/api/catalog/items/10', {
      body: { ...fields, name: 'Renamed', price: 12.34, version: version + 1 },
      headers: { traceparent },
    });
    expect(response.status).toBe(200);
    const rows = await outboxRows(db.url);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      event_name: 'ProductPriceChangedIntegrationEvent',
      state: 'not_published',
      traceparent,
      payload: { productId: 10, newPrice: 12.34, oldPrice: fields.price, version: version + 2 },
    });
  });
});
