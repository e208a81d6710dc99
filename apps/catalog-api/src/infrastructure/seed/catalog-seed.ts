import type { EntityManager } from 'typeorm';
import { seedBrands, seedProducts, seedTypes } from './catalog-seed.data';

/**
 * Fills an empty catalog (brands, types, ~100 items). Runs under the start-up advisory lock
 * (see catalog-database.ts), so two instances starting together seed once.
 */
export async function seedCatalogIfEmpty(manager: EntityManager): Promise<number> {
  const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM catalog_item');
  if (count > 0) return 0;
  const brandIds = await upsertNames(manager, 'catalog_brand', 'brand', seedBrands);
  const typeIds = await upsertNames(manager, 'catalog_type', 'type', seedTypes);
  const rows = seedProducts.flatMap((product) =>
    product.variants.map((variant) => ({ product, name: `${product.name} — ${variant}` })),
  );
  let index = 0;
  for (const { product, name } of rows) {
    index += 1;
    await manager.query(
      `INSERT INTO catalog_item (name, description, price, picture_file_name, catalog_type_id,
         catalog_brand_id, available_stock, restock_threshold, max_stock_threshold)
       VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, $8, $9)`,
      [
        name,
        product.description,
        product.price,
        `${slug(name)}.webp`,
        typeIds.get(product.type),
        brandIds.get(product.brand),
        10 + ((index * 37) % 90), // varied, deterministic stock levels
        10,
        200,
      ],
    );
  }
  return rows.length;
}

async function upsertNames(
  manager: EntityManager,
  table: 'catalog_brand' | 'catalog_type',
  column: 'brand' | 'type',
  names: readonly string[],
): Promise<Map<string, number>> {
  await manager.query(
    `INSERT INTO ${table} (${column}) SELECT unnest($1::text[]) ON CONFLICT (${column}) DO NOTHING`,
    [names],
  );
  const rows: Array<{ id: number; name: string }> = await manager.query(
    `SELECT id, ${column} AS name FROM ${table} WHERE ${column} = ANY($1::text[])`,
    [names],
  );
  return new Map(rows.map((row) => [row.name, row.id]));
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
