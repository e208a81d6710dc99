import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { catalogDataSourceOptions, prepareCatalogDatabase } from '../infrastructure/catalog-database';

describe('catalog database start-up', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeEach(async () => {
    db = await createTestDatabase('catalog_startup');
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.destroy()));
    await db.drop();
  });

  const open = async () => {
    const source = await new DataSource(catalogDataSourceOptions(db.url)).initialize();
    sources.push(source);
    return source;
  };
  const count = async (source: DataSource, table: string) =>
    Number((await source.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('migrates and seeds once when several instances start together, and never reseeds a filled catalog', async () => {
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    if (!a || !b || !c) throw new Error('data sources did not open');

    await Promise.all([a, b, c].map((source) => prepareCatalogDatabase(source, { seed: true })));

    expect(await count(a, 'catalog_item')).toBe(100);
    expect(await count(a, 'catalog_brand')).toBe(7);
    expect(await count(a, 'catalog_type')).toBe(8);
    // Each migration recorded once (catalog's, the outbox's, the saga handlers' handled events).
    expect(await count(a, 'migrations')).toBe(catalogDataSourceOptions(db.url).migrations?.length);
    await a.query(`DELETE FROM catalog_item WHERE id > 10`);
    await prepareCatalogDatabase(b, { seed: true });
    expect(await count(a, 'catalog_item')).toBe(10);
  });

  it('leaves the catalog empty for a relay-only start (migrations, no seed)', async () => {
    const source = await open();
    await prepareCatalogDatabase(source, { seed: false });
    expect(await count(source, 'catalog_item')).toBe(0);
    expect(await count(source, 'integration_event_log')).toBe(0);
  });
});
