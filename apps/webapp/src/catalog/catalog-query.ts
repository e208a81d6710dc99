import type { StorefrontApi } from '../api/storefront-api';
import type { CatalogItem } from '../api/types';

export const CATALOG_PAGE_SIZE = 12;

/** What the catalog page shows, as kept in its URL: `/?page=2&type=3&brand=1` (page is 1-based). */
export interface CatalogView {
  readonly page: number;
  readonly typeId?: number;
  readonly brandId?: number;
}

const positive = (value: string | null): number | undefined => {
  if (value === null || !/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
};

export function parseCatalogView(search: string): CatalogView {
  const params = new URLSearchParams(search);
  const typeId = positive(params.get('type'));
  const brandId = positive(params.get('brand'));
  return { page: positive(params.get('page')) ?? 1, ...(typeId ? { typeId } : {}), ...(brandId ? { brandId } : {}) };
}

export function catalogViewUrl(view: CatalogView): string {
  const params = new URLSearchParams();
  if (view.page > 1) params.set('page', String(view.page));
  if (view.typeId) params.set('type', String(view.typeId));
  if (view.brandId) params.set('brand', String(view.brandId));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

export interface ShownPage {
  readonly count: number;
  readonly items: readonly CatalogItem[];
}

/**
 * One page of the catalog for the view. Catalog-api filters by type, or by type and brand;
 * it has no brand-only route, so for a brand alone the page reads the catalog in pages of
 * 100 and filters here (SIMPLIFICATION, docs/adr/0015: fine for a shop of a few hundred items).
 */
export async function loadCatalogPage(api: StorefrontApi, view: CatalogView, pageSize = CATALOG_PAGE_SIZE): Promise<ShownPage> {
  const pageIndex = view.page - 1;
  if (view.typeId !== undefined || view.brandId === undefined) {
    const page = await api.catalogItems({ pageIndex, pageSize, typeId: view.typeId, brandId: view.brandId });
    return { count: page.count, items: page.data };
  }
  const all: CatalogItem[] = [];
  for (let index = 0; ; index += 1) {
    const page = await api.catalogItems({ pageIndex: index, pageSize: 100 });
    all.push(...page.data);
    if (page.data.length === 0 || all.length >= page.count) break;
  }
  const ofBrand = all.filter((item) => item.catalogBrandId === view.brandId);
  return { count: ofBrand.length, items: ofBrand.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize) };
}
