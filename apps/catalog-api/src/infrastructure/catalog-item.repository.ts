import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import type { CatalogReader, ItemFilter, Page, PageRequest } from '../application/catalog-reader.port';
import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogBrand, CatalogType } from '../domain/catalog-references';
import { CatalogBrandEntity } from './catalog-brand.entity';
import { fromRow, ITEM_BY_ID, ITEM_COLUMNS, poolOf, type CatalogItemRow } from './catalog-item.rows';
import { CatalogTypeEntity } from './catalog-type.entity';

/** The read side's queries (items in plain SQL, see catalog-item.rows.ts). Writes go through the unit of work. */
@Injectable()
export class CatalogItemRepository implements CatalogReader {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(CatalogTypeEntity) private readonly types: Repository<CatalogTypeEntity>,
    @InjectRepository(CatalogBrandEntity) private readonly brands: Repository<CatalogBrandEntity>,
  ) {}

  /**
   * The page and the filter's exact total in ONE query: `count(*) OVER ()` counts every row
   * the filter matches before LIMIT/OFFSET cut the page out (one round trip instead of two:
   * the pg round trips were the largest part of a page's cost, docs/benchmarks.md). A page
   * past the end has no row to carry the total: then, and only then, it is counted apart.
   */
  async page(filter: ItemFilter, page: PageRequest): Promise<Page<CatalogItem>> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: (param: string) => string, value: unknown) => {
      values.push(value);
      conditions.push(sql(`$${values.length}`));
    };
    if (filter.namePrefix !== undefined) {
      where((p) => `lower(name) LIKE ${p}`, `${escapeLike(filter.namePrefix.toLowerCase())}%`);
    }
    if (filter.catalogTypeId !== undefined) where((p) => `catalog_type_id = ${p}`, filter.catalogTypeId);
    if (filter.catalogBrandId !== undefined) where((p) => `catalog_brand_id = ${p}`, filter.catalogBrandId);
    const clause = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = `LIMIT $${values.length + 1} OFFSET $${values.length + 2}`;
    const pool = poolOf(this.dataSource);
    const { rows } = await pool.query<CatalogItemRow & { total: number }>({
      // A named statement per combination of filters (the text depends on nothing else); short, as Postgres keeps 63 bytes of a name.
      name: `catalog-items-page:${filter.namePrefix === undefined ? '' : 'n'}${filter.catalogTypeId === undefined ? '' : 't'}${filter.catalogBrandId === undefined ? '' : 'b'}`,
      text: `SELECT ${ITEM_COLUMNS}, count(*) OVER ()::int AS total FROM catalog_item ${clause} ORDER BY name, id ${limit}`,
      values: [...values, page.pageSize, page.pageIndex * page.pageSize],
    });
    const first = rows[0];
    if (first) return { count: first.total, data: rows.map(fromRow) };
    if (page.pageIndex === 0) return { count: 0, data: [] };
    const total = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM catalog_item ${clause}`, values);
    return { count: total.rows[0]?.count ?? 0, data: [] };
  }

  async findById(id: number): Promise<CatalogItem | null> {
    const { rows } = await poolOf(this.dataSource).query<CatalogItemRow>({ ...ITEM_BY_ID, values: [id] });
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async findByIds(ids: readonly number[]): Promise<CatalogItem[]> {
    const { rows } = await poolOf(this.dataSource).query<CatalogItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM catalog_item WHERE id = ANY($1::int[]) ORDER BY id`,
      [[...ids]],
    );
    return rows.map(fromRow);
  }

  async allTypes(): Promise<CatalogType[]> {
    return (await this.types.find({ order: { id: 'ASC' } })).map(({ id, type }) => ({ id, type }));
  }

  async allBrands(): Promise<CatalogBrand[]> {
    return (await this.brands.find({ order: { id: 'ASC' } })).map(({ id, brand }) => ({ id, brand }));
  }
}

/** `%`, `_` and `\` match literally in the prefix (Postgres' default LIKE escape is `\`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
