import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidationPipe } from '@eshop/http-edge';
import { AddBasketItemUseCase } from '../application/add-basket-item.use-case';
import { addBasketItemSchema, type AddBasketItemRequest } from './basket-items.dto';
import { forwardedHeaders, sendUpstreamResponse } from './forwarding';

/** An aggregated route, with the draft's (token required: the global guard runs before the body pipe). */
@ApiExcludeController()
@Controller('api/basket/items')
export class BasketItemsController {
  constructor(@Inject(AddBasketItemUseCase) private readonly addItem: AddBasketItemUseCase) {}

  @Post()
  async add(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body(new ZodValidationPipe(addBasketItemSchema)) body: AddBasketItemRequest,
  ): Promise<void> {
    sendUpstreamResponse(reply, await this.addItem.execute(body, forwardedHeaders(request)));
  }
}
