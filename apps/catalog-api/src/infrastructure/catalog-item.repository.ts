import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { CatalogReader, ItemFilter, Page, PageRequest } from '../application/catalog-reader.port';
import type { CatalogItem } from '../domain/catalog-item';
import type { CatalogBrand, CatalogType } from '../domain/catalog-references';
import { CatalogBrandEntity } from './catalog-brand.entity';
import { CatalogItemEntity } from './catalog-item.entity';
import { toCatalogItem } from './catalog-item.mapper';
import { CatalogTypeEntity } from './catalog-type.entity';

/** The read side's queries. Writes go through the unit of work's transactions. */
@Injectable()
export class CatalogItemRepository implements CatalogReader {
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
    return { count, data: data.map(toCatalogItem) };
  }

  async findById(id: number): Promise<CatalogItem | null> {
    const entity = await this.items.findOneBy({ id });
    return entity && toCatalogItem(entity);
  }

  async findByIds(ids: readonly number[]): Promise<CatalogItem[]> {
    const entities = await this.items.find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
    return entities.map(toCatalogItem);
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
