import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { BasketService } from '../application/basket.service';
import {
  addItemSchema,
  replaceBasketSchema,
  toLineInput,
  toLineInputs,
  type AddItemRequest,
  type ReplaceBasketRequest,
} from './basket.dto';
import { toBasketResponse, type BasketResponse } from './basket.response';

/** The caller's basket. The buyer is the token's `sub`: no route names a buyer. */
@Controller('api/basket')
export class BasketController {
  constructor(@Inject(BasketService) private readonly baskets: BasketService) {}

  @Get()
  async get(@CurrentBuyer() buyer: Buyer): Promise<BasketResponse> {
    return toBasketResponse(await this.baskets.get(buyer.id));
  }

  @Put()
  async replace(
    @CurrentBuyer() buyer: Buyer,
    @Body(new ZodValidationPipe(replaceBasketSchema)) body: ReplaceBasketRequest,
  ): Promise<BasketResponse> {
    return toBasketResponse(await this.baskets.replace(buyer.id, toLineInputs(body)));
  }

  @Post('items')
  @HttpCode(200)
  async addItem(
    @CurrentBuyer() buyer: Buyer,
    @Body(new ZodValidationPipe(addItemSchema)) body: AddItemRequest,
  ): Promise<BasketResponse> {
    return toBasketResponse(await this.baskets.addItem(buyer.id, toLineInput(body)));
  }

  @Delete()
  @HttpCode(204)
  async clear(@CurrentBuyer() buyer: Buyer): Promise<void> {
    await this.baskets.clear(buyer.id);
  }
}
