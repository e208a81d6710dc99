import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { AddBasketItemUseCase } from '../application/add-basket-item.use-case';
import { ClearBasketUseCase } from '../application/clear-basket.use-case';
import { GetBasketUseCase } from '../application/get-basket.use-case';
import { ReplaceBasketUseCase } from '../application/replace-basket.use-case';
import {
  addItemSchema,
  replaceBasketSchema,
  toRequestedLines,
  type AddItemRequest,
  type ReplaceBasketRequest,
} from './basket.schemas';
import { toBasketResponse, type BasketResponse } from './basket.response';

/** The caller's basket. The buyer is the token's `sub`: no route names a buyer. */
@Controller('api/basket')
export class BasketController {
  constructor(
    @Inject(GetBasketUseCase) private readonly getBasket: GetBasketUseCase,
    @Inject(ReplaceBasketUseCase) private readonly replaceBasket: ReplaceBasketUseCase,
    @Inject(AddBasketItemUseCase) private readonly addBasketItem: AddBasketItemUseCase,
    @Inject(ClearBasketUseCase) private readonly clearBasket: ClearBasketUseCase,
  ) {}

  @Get()
  async get(@CurrentBuyer() buyer: Buyer): Promise<BasketResponse> {
    return toBasketResponse(await this.getBasket.execute(buyer.id));
  }

  @Put()
  async replace(
    @CurrentBuyer() buyer: Buyer,
    @Body(new ZodValidationPipe(replaceBasketSchema)) body: ReplaceBasketRequest,
  ): Promise<BasketResponse> {
    return toBasketResponse(await this.replaceBasket.execute(buyer.id, toRequestedLines(body)));
  }

  @Post('items')
  @HttpCode(200)
  async addItem(
    @CurrentBuyer() buyer: Buyer,
    @Body(new ZodValidationPipe(addItemSchema)) body: AddItemRequest,
  ): Promise<BasketResponse> {
    return toBasketResponse(await this.addBasketItem.execute(buyer.id, body));
  }

  @Delete()
  @HttpCode(204)
  async clear(@CurrentBuyer() buyer: Buyer): Promise<void> {
    await this.clearBasket.execute(buyer.id);
  }
}
