import request from 'supertest';
import { boundMetricsPort } from '@eshop/observability';
import type { TestDatabase } from '@eshop/testing';
import { startOnNewDatabase, type CatalogApp } from './catalog-fixture';

interface Item {
  id: number;
  price: number;
  version: number;
  [field: string]: unknown;
}

// HTTP caching of the public reads (api/http-caching.ts) on the Fastify server, and the
// route template in the HTTP metrics (Fastify's own hook, not Express' middleware).
describe('catalog-api HTTP caching', () => {
  let db: TestDatabase;
  let catalog: CatalogApp;

  beforeAll(async () => {
    ({ db, catalog } = await startOnNewDatabase('catalog_caching'));
  });
  afterAll(async () => {
    await catalog.close();
    await db.drop();
  });

  it("gives an item an ETag from its version and answers a client holding it with 304, no body", async () => {
    const first = await catalog.http('get', '/api/catalog/items/2', null).expect(200);
    const item = first.body as Item;
    expect(first.headers['etag']).toBe(`"v${item.version}"`);
    expect(first.headers['cache-control']).toBe('public, no-cache');

    const again = await catalog.http('get', '/api/catalog/items/2', null).set('if-none-match', `W/"v0", ${first.headers['etag']}`).expect(304);
    expect(again.text).toBe('');
    expect(again.headers['etag']).toBe(first.headers['etag']);
    await catalog.http('get', '/api/catalog/items/2', null).set('if-none-match', '"v0"').expect(200);
  });

  it('moves the ETag on when the item changes: the old one gets the new item, not a 304', async () => {
    const before = (await catalog.http('get', '/api/catalog/items/3', null).expect(200)) as { body: Item; headers: Record<string, string> };
    const { id: _id, ...fields } = before.body;
    await catalog.http('put', '/api/catalog/items/3').send({ ...fields, price: before.body.price + 1 }).expect(200);

    const after = await catalog.http('get', '/api/catalog/items/3', null).set('if-none-match', before.headers['etag'] ?? '').expect(200);
    expect((after.body as Item).version).toBe(before.body.version + 1);
    expect(after.headers['etag']).toBe(`"v${before.body.version + 1}"`);
  });

  it('marks lists cacheable with revalidation, and an error not at all', async () => {
    const list = await catalog.http('get', '/api/catalog/items?pageSize=2', null).expect(200);
    expect(list.headers['cache-control']).toBe('public, no-cache');
    const missing = await catalog.http('get', '/api/catalog/items/999999', null).expect(404);
    expect(missing.headers['cache-control']).toBeUndefined();
    expect(missing.headers['etag']).toBeUndefined();
  });

  it('labels the HTTP metrics with the route template', async () => {
    await catalog.http('get', '/api/catalog/items/1', null).expect(200);
    const metrics = await request(`http://127.0.0.1:${boundMetricsPort()}`).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_server_request_duration_seconds_count\{[^}]*route="\/api\/catalog\/items\/:id"[^}]*status_code="200"/);
    expect(metrics.text).not.toMatch(/route="\/api\/catalog\/items\/1"/);
  });
});
