import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import type { z } from 'zod';
import { Public } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import type { ItemFilter } from '../application/catalog-reader.port';
import { CatalogQueriesUseCase } from '../application/catalog-queries.use-case';
import { toResponse, type CatalogItemResponse, type PaginatedItems } from './catalog-item.response';
import { idsQuery, itemIdParams, nameParams, pageQuery, typeBrandParams } from './catalog.schemas';
import { itemEtag, matches, REVALIDATE, type CacheReply } from './http-caching';

type PageQuery = z.infer<typeof pageQuery>;

/**
 * Catalog reads: public, cacheable with revalidation (http-caching.ts). Literal routes come
 * before `items/:id` so "by" is never an id.
 */
@Public()
@Controller('api/catalog')
export class CatalogQueriesController {
  constructor(private readonly queries: CatalogQueriesUseCase) {}

  @Get('items')
  @Header('Cache-Control', REVALIDATE)
  items(@Query(new ZodValidationPipe(pageQuery, 'query')) page: PageQuery): Promise<PaginatedItems> {
    return this.paged({}, page);
  }

  @Get('items/by')
  @Header('Cache-Control', REVALIDATE)
  async itemsByIds(
    @Query(new ZodValidationPipe(idsQuery, 'query')) { ids }: z.infer<typeof idsQuery>,
  ): Promise<CatalogItemResponse[]> {
    return (await this.queries.itemsByIds(ids)).map(toResponse);
  }

  @Get('items/by/:name')
  @Header('Cache-Control', REVALIDATE)
  itemsByName(
    @Param(new ZodValidationPipe(nameParams, 'param')) { name }: z.infer<typeof nameParams>,
    @Query(new ZodValidationPipe(pageQuery, 'query')) page: PageQuery,
  ): Promise<PaginatedItems> {
    return this.paged({ namePrefix: name }, page);
  }

  @Get(['items/type/:typeId/brand', 'items/type/:typeId/brand/:brandId'])
  @Header('Cache-Control', REVALIDATE)
  itemsByTypeAndBrand(
    @Param(new ZodValidationPipe(typeBrandParams, 'param')) params: z.infer<typeof typeBrandParams>,
    @Query(new ZodValidationPipe(pageQuery, 'query')) page: PageQuery,
  ): Promise<PaginatedItems> {
    return this.paged({ catalogTypeId: params.typeId, catalogBrandId: params.brandId }, page);
  }

  /** With an ETag from the item's version: a client holding that version gets a 304, no body. */
  @Get('items/:id')
  async item(
    @Param(new ZodValidationPipe(itemIdParams, 'param')) { id }: z.infer<typeof itemIdParams>,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: CacheReply,
  ): Promise<CatalogItemResponse | undefined> {
    const item = await this.queries.item(id);
    const etag = itemEtag(item.version);
    reply.header('ETag', etag);
    reply.header('Cache-Control', REVALIDATE);
    if (matches(ifNoneMatch, etag)) {
      reply.status(304);
      return undefined;
    }
    return toResponse(item);
  }

  @Get('catalogtypes')
  @Header('Cache-Control', REVALIDATE)
  types() {
    return this.queries.types();
  }

  @Get('catalogbrands')
  @Header('Cache-Control', REVALIDATE)
  brands() {
    return this.queries.brands();
  }

  private async paged(filter: ItemFilter, page: PageQuery): Promise<PaginatedItems> {
    const { count, data } = await this.queries.items(filter, page);
    return { pageIndex: page.pageIndex, pageSize: page.pageSize, count, data: data.map(toResponse) };
  }
}
