import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { OrderQueriesUseCase } from '../application/order-queries.use-case';
import { CARD_TYPES } from '../domain/card-types';
import { noQuery, orderIdParams, ordersPageQuery, type OrdersPageQuery } from './orders.dto';
import {
  toOrderResponse,
  toOrderSummary,
  type OrderResponse,
  type OrderSummaryResponse,
} from './order.response';

/** The buyer's orders (token required; the buyer is the token's `sub`). */
@Controller('api/orders')
export class OrdersQueriesController {
  constructor(@Inject(OrderQueriesUseCase) private readonly queries: OrderQueriesUseCase) {}

  /** A page of the buyer's orders, newest first; still a plain array (the contract's shape). */
  @Get()
  async list(
    @CurrentBuyer() buyer: Buyer,
    @Query(new ZodValidationPipe(ordersPageQuery, 'query')) query: OrdersPageQuery,
  ): Promise<OrderSummaryResponse[]> {
    const page = { index: query.pageIndex, size: query.pageSize };
    return (await this.queries.listOfBuyer(buyer.id, page)).map(toOrderSummary);
  }

  // Declared before ':id', which would otherwise take "cardtypes" as an id.
  @Get('cardtypes')
  cardTypes(@Query(new ZodValidationPipe(noQuery, 'query')) _query: object): ReadonlyArray<{ id: number; name: string }> {
    return CARD_TYPES;
  }

  /** Another buyer's order answers 404, like a missing one: its existence is not disclosed. */
  @Get(':id')
  async get(
    @CurrentBuyer() buyer: Buyer,
    @Param(new ZodValidationPipe(orderIdParams, 'param')) params: { id: number },
  ): Promise<OrderResponse> {
    return toOrderResponse(await this.queries.getOfBuyer(buyer.id, params.id));
  }
}
