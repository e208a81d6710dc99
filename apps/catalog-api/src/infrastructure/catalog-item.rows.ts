import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { centsFromDecimal } from '@eshop/contracts';
import type { CatalogItem } from '../domain/catalog-item';

/**
 * The hot reads in plain SQL on TypeORM's own pg Pool (same connections, same limits): no
 * query builder, no entity hydration, one row → one plain object. Profiling GET
 * /api/catalog/items/:id put TypeORM's query building and result transformation at a
 * tenth of the request's CPU (docs/benchmarks.md, bench:catalog).
 */
export const ITEM_COLUMNS = `id, name, description, price, picture_file_name, catalog_type_id, catalog_brand_id,
  available_stock, restock_threshold, max_stock_threshold, on_reorder, version`;

/**
 * One item by id, as a named statement: parsed and planned once per pooled connection (the
 * name must always carry this same text, so every reader of an item by id uses this object).
 */
export const ITEM_BY_ID = { name: 'catalog-item-by-id', text: `SELECT ${ITEM_COLUMNS} FROM catalog_item WHERE id = $1` } as const;

export interface CatalogItemRow {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** numeric(12,2): the driver reads it as a string, converted to cents exactly. */
  readonly price: string;
  readonly picture_file_name: string;
  readonly catalog_type_id: number;
  readonly catalog_brand_id: number;
  readonly available_stock: number;
  readonly restock_threshold: number;
  readonly max_stock_threshold: number;
  readonly on_reorder: boolean;
  readonly version: number;
}

export function fromRow(row: CatalogItemRow): CatalogItem {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: centsFromDecimal(row.price),
    pictureFileName: row.picture_file_name,
    catalogTypeId: row.catalog_type_id,
    catalogBrandId: row.catalog_brand_id,
    availableStock: row.available_stock,
    restockThreshold: row.restock_threshold,
    maxStockThreshold: row.max_stock_threshold,
    onReorder: row.on_reorder,
    version: row.version,
  };
}

/** The pg Pool under the catalog's DataSource (opened, migrated and seeded before the app serves). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}
