import { describeTokenChecks, sendTo, uniqueName, type TestDatabase } from '@eshop/testing';
import { identity, startOnNewDatabase, type CatalogApp } from './catalog-fixture';

// catalog-api verifies tokens itself (not only the gateway): the shared case table, with
// its writes as the staff routes (a buyer's valid token is accepted, then refused with 403).
describe('catalog-api access tokens', () => {
  let db: TestDatabase;
  let catalog: CatalogApp;
  beforeAll(async () => {
    ({ db, catalog } = await startOnNewDatabase('catalog_tokens'));
  }, 120_000);
  afterAll(async () => {
    await catalog?.close();
    await db?.drop();
  });

  describeTokenChecks(
    () => ({
      identity,
      send: sendTo(catalog.app.getHttpServer()),
      protectedRoute: { method: 'DELETE', path: '/api/catalog/items/1', buyerStatus: 403 },
      staffRoute: async () => ({
        method: 'POST',
        path: '/api/catalog/items',
        body: { name: uniqueName('item'), price: 12.5, catalogTypeId: 1, catalogBrandId: 1, availableStock: 3 },
        status: 201,
      }),
    }),
    { staffRoutes: true },
  );
});
