import { Injectable } from '@nestjs/common';
import type { CatalogItem } from '../domain/catalog-item';
import { CatalogItemNotFoundError } from '../domain/catalog.errors';
import {
  CatalogItemRepository,
  type ItemFilter,
  type Page,
  type PageRequest,
} from '../infrastructure/catalog-item.repository';

/** The read side of the catalog: plain queries, public. */
@Injectable()
export class CatalogQueries {
  constructor(private readonly repository: CatalogItemRepository) {}

  items(filter: ItemFilter, page: PageRequest): Promise<Page<CatalogItem>> {
    return this.repository.page(filter, page);
  }

  async item(id: number): Promise<CatalogItem> {
    const item = await this.repository.findById(id);
    if (!item) throw new CatalogItemNotFoundError(id);
    return item;
  }

  /** Items among `ids` that exist, by id; unknown ids are simply absent (as in eShop). */
  itemsByIds(ids: readonly number[]): Promise<CatalogItem[]> {
    return this.repository.findByIds(ids);
  }

  async types(): Promise<Array<{ id: number; type: string }>> {
    return (await this.repository.allTypes()).map(({ id, type }) => ({ id, type }));
  }

  async brands(): Promise<Array<{ id: number; brand: string }>> {
    return (await this.repository.allBrands()).map(({ id, brand }) => ({ id, brand }));
  }
}
