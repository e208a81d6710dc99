import { Inject, Injectable } from '@nestjs/common';
import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogBrand, CatalogType } from '../domain/catalog-references';
import { CatalogItemNotFoundError } from '../domain/catalog.errors';
import { CATALOG_READER, type CatalogReader, type ItemFilter, type Page, type PageRequest } from './catalog-reader.port';

/** The read side of the catalog: plain queries, public. */
@Injectable()
export class CatalogQueriesUseCase {
  constructor(@Inject(CATALOG_READER) private readonly reader: CatalogReader) {}

  items(filter: ItemFilter, page: PageRequest): Promise<Page<CatalogItem>> {
    return this.reader.page(filter, page);
  }

  async item(id: number): Promise<CatalogItem> {
    const item = await this.reader.findById(id);
    if (!item) throw new CatalogItemNotFoundError(id);
    return item;
  }

  /** Items among `ids` that exist, by id; unknown ids are simply absent (as in eShop). */
  itemsByIds(ids: readonly number[]): Promise<CatalogItem[]> {
    return this.reader.findByIds(ids);
  }

  types(): Promise<CatalogType[]> {
    return this.reader.allTypes();
  }

  brands(): Promise<CatalogBrand[]> {
    return this.reader.allBrands();
  }
}
