import { Controller, Get, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { Public } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import type { ItemFilter } from '../application/catalog-reader.port';
import { CatalogQueriesUseCase } from '../application/catalog-queries.use-case';
import { toResponse, type CatalogItemResponse, type PaginatedItems } from './catalog-item.response';
import { idsQuery, itemIdParams, nameParams, pageQuery, typeBrandParams } from './catalog.schemas';

type PageQuery = z.infer<typeof pageQuery>;

/** Catalog reads: public. Literal routes come before `items/:id` so "by" is never an id. */
@Public()
@Controller('api/catalog')
export class CatalogQueriesController {
  constructor(private readonly queries: CatalogQueriesUseCase) {}

  @Get('items')
  items(@Query(new ZodValidationPipe(pageQuery, 'query')) page: PageQuery): Promise<PaginatedItems> {
    return this.paged({}, page);
  }

  @Get('items/by')
  async itemsByIds(
    @Query(new ZodValidationPipe(idsQuery, 'query')) { ids }: z.infer<typeof idsQuery>,
  ): Promise<CatalogItemResponse[]> {
    return (await this.queries.itemsByIds(ids)).map(toResponse);
  }

  @Get('items/by/:name')
  itemsByName(
    @Param(new ZodValidationPipe(nameParams, 'param')) { name }: z.infer<typeof nameParams>,
    @Query(new ZodValidationPipe(pageQuery, 'query')) page: PageQuery,
  ): Promise<PaginatedItems> {
    return this.paged({ namePrefix: name }, page);
  }

  @Get(['items/type/:typeId/brand', 'items/type/:typeId/brand/:brandId'])
  itemsByTypeAndBrand(
    @Param(new ZodValidationPipe(typeBrandParams, 'param')) params: z.infer<typeof typeBrandParams>,
    @Query(new ZodValidationPipe(pageQuery, 'query')) page: PageQuery,
  ): Promise<PaginatedItems> {
    return this.paged({ catalogTypeId: params.typeId, catalogBrandId: params.brandId }, page);
  }

  @Get('items/:id')
  async item(
    @Param(new ZodValidationPipe(itemIdParams, 'param')) { id }: z.infer<typeof itemIdParams>,
  ): Promise<CatalogItemResponse> {
    return toResponse(await this.queries.item(id));
  }

  @Get('catalogtypes')
  types() {
    return this.queries.types();
  }

  @Get('catalogbrands')
  brands() {
    return this.queries.brands();
  }

  private async paged(filter: ItemFilter, page: PageQuery): Promise<PaginatedItems> {
    const { count, data } = await this.queries.items(filter, page);
    return { pageIndex: page.pageIndex, pageSize: page.pageSize, count, data: data.map(toResponse) };
  }
}
