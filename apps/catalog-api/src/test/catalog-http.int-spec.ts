import type { TestDatabase } from '@eshop/testing';
import { outboxRows, sql, startOnNewDatabase, tokenFor, type CatalogApp, type HttpMethod } from './catalog-fixture';

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
    ({ db, catalog } = await startOnNewDatabase('catalog_http'));
  });
  afterAll(async () => {
    await catalog?.close();
    await db?.drop();
  });

  /** A public read: no token, and it must answer 200. */
  const get = async <T>(path: string) => (await catalog.http('get', path, null).expect(200)).body as T;
  /** A write (or read) with the admin token and, when there is one, a JSON body. */
  const call = (method: HttpMethod, path: string, body?: object) => {
    const test = catalog.http(method, path);
    return body === undefined ? test : test.send(body);
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
    // Past the end: no rows, the exact total all the same (counted apart, without a row to carry it).
    expect(await get<Paged>('/api/catalog/items?pageIndex=50&pageSize=30')).toMatchObject({ count: first.count, data: [] });
    expect(await get<Paged>('/api/catalog/items/by/ridgeline?pageIndex=2&pageSize=2')).toMatchObject({ count: 3, data: [] });
    expect(await get<Paged>('/api/catalog/items/by/ridgeline?pageIndex=1&pageSize=2')).toMatchObject({ count: 3 });
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
    const byBrand = await get<Paged>('/api/catalog/items/type/all/brand/1?pageSize=100');
    expect(byBrand.data.every((i) => i.catalogBrandId === 1)).toBe(true);
    expect(byBrand.count).toBeGreaterThanOrEqual(byTypeAndBrand.count);
    expect(byBrand.data.some((i) => i.catalogTypeId !== 1) || byBrand.count === byTypeAndBrand.count).toBe(true);
  });

  it.each<[HttpMethod, string, object | undefined, string]>([
    ['get', '/api/catalog/items/abc', undefined, 'id:'],
    ['get', '/api/catalog/items/1.5', undefined, 'id:'],
    ['get', '/api/catalog/items?pageSize=100000', undefined, 'pageSize:'],
    ['get', '/api/catalog/items?pageIndex=-1', undefined, 'pageIndex:'],
    ['get', '/api/catalog/items?colour=red', undefined, 'colour: unknown field'],
    ['get', '/api/catalog/items/by?ids=1,x', undefined, 'ids:'],
    ['get', '/api/catalog/items/type/x/brand/1', undefined, 'typeId:'],
    ['post', '/api/catalog/items', { ...newItem, price: -1 }, 'price:'],
    ['post', '/api/catalog/items', { ...newItem, price: 10.123 }, 'price: must have at most two decimals'],
    ['post', '/api/catalog/items', { ...newItem, price: '10.00' }, 'price:'],
    ['post', '/api/catalog/items', { ...newItem, price: 19.9999999999 }, 'price: must have at most two decimals'],
    ['post', '/api/catalog/items', { ...newItem, name: 'Thermos\u0000' }, 'name: must not contain control characters'],
    ['post', '/api/catalog/items', { ...newItem, catalogTypeId: 2_147_483_648 }, 'catalogTypeId: Too big'],
    ['get', '/api/catalog/items/by/abc%00', undefined, 'name: must not contain control characters'],
    ['post', '/api/catalog/items', { ...newItem, name: undefined }, 'name:'],
    ['post', '/api/catalog/items', { ...newItem, colour: 'red' }, 'colour: unknown field'],
    ['post', '/api/catalog/items', { ...newItem, catalogTypeId: 999 }, 'catalogTypeId: no catalog type 999'],
    ['post', '/api/catalog/items', { ...newItem, catalogBrandId: 999 }, 'catalogBrandId: no catalog brand 999'],
    ['put', '/api/catalog/items/2', { ...newItem }, 'version:'],
    ['put', '/api/catalog/items/2', { ...newItem, version: 1, id: 3 }, 'id: 3 does not match'],
    ['put', '/api/catalog/items/abc', { ...newItem, version: 1 }, 'id:'],
    ['delete', '/api/catalog/items/0', undefined, 'id:'],
  ])('%s %s with bad input → 400 naming the field (%#)', async (method, path, body, message) => {
    const response = await call(method, path, body).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((response.body as { message: string }).message).toContain(message);
  });

  it('answers 400 to malformed JSON and 404 to unknown ids', async () => {
    await catalog.http('post', '/api/catalog/items').set('content-type', 'application/json').send('{"name": ').expect(400);
    for (const [method, body] of [['get', undefined], ['put', { ...newItem, version: 1 }], ['delete', undefined]] as const) {
      const response = await call(method, '/api/catalog/items/987654', body).expect(404);
      expect(response.body).toMatchObject({ message: 'catalog item 987654 not found' });
    }
  });

  it('requires a valid staff token for writes: 401 without one, 403 for a buyer', async () => {
    const [header, payload, signature = ''] = catalog.token.split('.');
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const token of [null, 'not.a.token', tampered]) {
      await catalog.http('post', '/api/catalog/items', token).send(newItem).expect(401);
    }
    await catalog.http('post', '/api/catalog/items', tokenFor('bob')).send(newItem).expect(403);
    expect((await get<Paged>('/api/catalog/items')).count).toBe(100);
  });

  it('creates (version 1, Location), replaces (version + 1) and deletes an item', async () => {
    const created = await catalog.http('post', '/api/catalog/items').send(newItem).expect(201);
    const item = created.body as Item;
    expect(created.headers['location']).toBe(`/api/catalog/items/${item.id}`);
    expect(item).toMatchObject({ ...newItem, version: 1 });
    expect(await get<Item>(`/api/catalog/items/${item.id}`)).toEqual(item);

    const updated = await catalog
      .http('put', `/api/catalog/items/${item.id}`)
      .send({ ...newItem, id: item.id, name: 'Summit Thermos 1.2L', version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'Summit Thermos 1.2L', version: 2 });

    await catalog.http('delete', `/api/catalog/items/${item.id}`).expect(204);
    await catalog.http('get', `/api/catalog/items/${item.id}`).expect(404);
  });

  it('stores prices exactly, refuses float noise, and answers 409 to a PUT that carries a stale version', async () => {
    const { fields, version } = await itemToEdit(5);
    // 0.1 + 0.2 is 0.30000000000000004 on the wire: more than two decimals, refused, not rounded.
    const noisy = await catalog.http('put', '/api/catalog/items/5').send({ ...fields, price: 0.1 + 0.2, version }).expect(400);
    expect((noisy.body as { message: string }).message).toBe('price: must have at most two decimals');
    const first = await catalog.http('put', '/api/catalog/items/5').send({ ...fields, price: 0.3, version }).expect(200);
    expect(first.body).toMatchObject({ price: 0.3, version: version + 1 });
    const [{ price }] = await sql<{ price: string }>(db.url, 'SELECT price::text FROM catalog_item WHERE id = 5');
    expect(price).toBe('0.30');

    const stale = await catalog.http('put', '/api/catalog/items/5').send({ ...fields, price: 99.99, version }).expect(409);
    expect((stale.body as { message: string }).message).toContain(`is at version ${version + 1}, not ${version}`);
    expect(await get<Item>('/api/catalog/items/5')).toMatchObject({ price: 0.3, version: version + 1 });
  });

  it('writes an outbox event for a price change only, with the new version and the caller’s trace', async () => {
    const before = (await outboxRows(db.url)).length;
    const { fields, version } = await itemToEdit(10);
    await catalog.http('put', '/api/catalog/items/10').send({ ...fields, name: 'Renamed', version }).expect(200);
    expect(await outboxRows(db.url)).toHaveLength(before);

    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await catalog
      .http('put', '/api/catalog/items/10')
      .set('traceparent', traceparent)
      .send({ ...fields, name: 'Renamed', price: 12.34, version: version + 1 })
      .expect(200);
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
