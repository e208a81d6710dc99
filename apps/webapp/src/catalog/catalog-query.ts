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

/** One page of the catalog for the view: catalog-api filters by type, brand, or both. */
export async function loadCatalogPage(api: StorefrontApi, view: CatalogView, pageSize = CATALOG_PAGE_SIZE): Promise<ShownPage> {
  const page = await api.catalogItems({ pageIndex: view.page - 1, pageSize, typeId: view.typeId, brandId: view.brandId });
  return { count: page.count, items: page.data };
}
