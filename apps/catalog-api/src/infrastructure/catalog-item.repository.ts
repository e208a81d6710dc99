import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { CatalogItem } from '../domain/catalog-item';
import { CatalogBrandEntity } from './catalog-brand.entity';
import { CatalogItemEntity } from './catalog-item.entity';
import { CatalogTypeEntity } from './catalog-type.entity';

export interface PageRequest {
  readonly pageIndex: number;
  readonly pageSize: number;
}

export interface ItemFilter {
  readonly namePrefix?: string;
  readonly catalogTypeId?: number;
  readonly catalogBrandId?: number;
}

export interface Page<T> {
  readonly count: number;
  readonly data: T[];
}

/** Read access to the catalog tables. Writes go through the use cases' transactions. */
@Injectable()
export class CatalogItemRepository {
  constructor(
    @InjectRepository(CatalogItemEntity) private readonly items: Repository<CatalogItemEntity>,
    @InjectRepository(CatalogTypeEntity) private readonly types: Repository<CatalogTypeEntity>,
    @InjectRepository(CatalogBrandEntity) private readonly brands: Repository<CatalogBrandEntity>,
  ) {}

  async page(filter: ItemFilter, page: PageRequest): Promise<Page<CatalogItem>> {
    const query = this.items.createQueryBuilder('item');
    if (filter.namePrefix !== undefined) {
      query.andWhere('lower(item.name) LIKE :prefix', {
        prefix: `${escapeLike(filter.namePrefix.toLowerCase())}%`,
      });
    }
    if (filter.catalogTypeId !== undefined) {
      query.andWhere('item.catalogTypeId = :typeId', { typeId: filter.catalogTypeId });
    }
    if (filter.catalogBrandId !== undefined) {
      query.andWhere('item.catalogBrandId = :brandId', { brandId: filter.catalogBrandId });
    }
    const [data, count] = await query
      .orderBy('item.name', 'ASC')
      .addOrderBy('item.id', 'ASC')
      .skip(page.pageIndex * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { count, data };
  }

  findById(id: number): Promise<CatalogItem | null> {
    return this.items.findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<CatalogItem[]> {
    return this.items.find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  allTypes(): Promise<CatalogTypeEntity[]> {
    return this.types.find({ order: { id: 'ASC' } });
  }

  allBrands(): Promise<CatalogBrandEntity[]> {
    return this.brands.find({ order: { id: 'ASC' } });
  }
}

/** `%`, `_` and `\` match literally in the prefix (Postgres' default LIKE escape is `\`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
