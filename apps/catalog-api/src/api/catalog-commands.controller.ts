import { Body, Controller, Delete, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import type { z } from 'zod';
import { Roles } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { CreateCatalogItemUseCase } from '../application/create-catalog-item.use-case';
import { DeleteCatalogItemUseCase } from '../application/delete-catalog-item.use-case';
import { UpdateCatalogItemUseCase } from '../application/update-catalog-item.use-case';
import { CatalogItemIdMismatchError } from '../domain/catalog.errors';
import { toItemData, toResponse, type CatalogItemResponse } from './catalog-item.response';
import { createItemBody, itemIdParams, updateItemBody, type ItemBody, type UpdateItemBody } from './catalog.schemas';

type IdParams = z.infer<typeof itemIdParams>;

/** Fastify's reply (and Express' response) both set a header with `header`. */
interface LocationReply {
  header(name: string, value: string): unknown;
}

/** Catalog writes: staff only, a valid token with the role `admin` (a buyer gets 403). */
@Roles('admin')
@Controller('api/catalog/items')
export class CatalogCommandsController {
  constructor(
    private readonly createItem: CreateCatalogItemUseCase,
    private readonly updateItem: UpdateCatalogItemUseCase,
    private readonly deleteItem: DeleteCatalogItemUseCase,
  ) {}

  @Post()
  async create(
    @Body(new ZodValidationPipe(createItemBody)) body: ItemBody,
    @Res({ passthrough: true }) reply: LocationReply,
  ): Promise<CatalogItemResponse> {
    const item = await this.createItem.execute(toItemData(body));
    reply.header('Location', `/api/catalog/items/${item.id}`);
    return toResponse(item);
  }

  /** A changed price also commits a ProductPriceChangedIntegrationEvent to the outbox. */
  @Put(':id')
  async update(
    @Param(new ZodValidationPipe(itemIdParams, 'param')) { id }: IdParams,
    @Body(new ZodValidationPipe(updateItemBody)) body: UpdateItemBody,
    @Headers('traceparent') traceparent: string | undefined,
  ): Promise<CatalogItemResponse> {
    if (body.id !== undefined && body.id !== id) throw new CatalogItemIdMismatchError(id, body.id);
    const item = await this.updateItem.execute({
      id,
      version: body.version,
      data: toItemData(body),
      traceparent,
    });
    return toResponse(item);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param(new ZodValidationPipe(itemIdParams, 'param')) { id }: IdParams): Promise<void> {
    await this.deleteItem.execute(id);
  }
}
