import { Body, Controller, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { BuyerOrderCommands, type BuyerOrderResult } from '../application/buyer-order-commands';
import { OrderQueries } from '../application/order.queries';
import { BuyerMismatchError } from '../application/request.errors';
import {
  draftBody,
  draftLines,
  orderNumberBody,
  requestIdHeaders,
  type DraftBody,
  type OrderNumberBody,
  type RequestIdHeaders,
} from './orders.dto';
import { toDraftResponse, type OrderDraftResponse } from './order.response';
import { RequestHeaders } from './request-headers.decorator';

type CommandResponse = Omit<BuyerOrderResult, 'repeated'>;

/**
 * Cancel and ship (with `x-requestid`: a retry never runs the command twice) and the draft.
 * 200 with the order's status; 404 for an order that is not the caller's; 409 for a move
 * the state machine forbids (cancel after payment, ship before it).
 */
@Controller('api/orders')
export class OrdersCommandsController {
  constructor(
    @Inject(BuyerOrderCommands) private readonly commands: BuyerOrderCommands,
    @Inject(OrderQueries) private readonly queries: OrderQueries,
  ) {}

  @Put('cancel')
  async cancel(
    @CurrentBuyer() buyer: Buyer,
    @RequestHeaders(new ZodValidationPipe(requestIdHeaders, 'header')) headers: RequestIdHeaders,
    @Body(new ZodValidationPipe(orderNumberBody)) body: OrderNumberBody,
  ): Promise<CommandResponse> {
    const { orderNumber, status } = await this.commands.cancel(command(buyer, headers, body));
    return { orderNumber, status };
  }

  @Put('ship')
  async ship(
    @CurrentBuyer() buyer: Buyer,
    @RequestHeaders(new ZodValidationPipe(requestIdHeaders, 'header')) headers: RequestIdHeaders,
    @Body(new ZodValidationPipe(orderNumberBody)) body: OrderNumberBody,
  ): Promise<CommandResponse> {
    const { orderNumber, status } = await this.commands.ship(command(buyer, headers, body));
    return { orderNumber, status };
  }

  /** The order a basket would make (lines merged, total in exact cents); nothing is stored. */
  @Post('draft')
  @HttpCode(200)
  draft(@CurrentBuyer() buyer: Buyer, @Body(new ZodValidationPipe(draftBody)) body: DraftBody): OrderDraftResponse {
    if (body.buyerId !== undefined && body.buyerId !== buyer.id) {
      throw new BuyerMismatchError();
    }
    return toDraftResponse(this.queries.draft(draftLines(body)));
  }
}

function command(buyer: Buyer, headers: RequestIdHeaders, body: OrderNumberBody) {
  const { 'x-requestid': requestId, traceparent } = headers;
  return { buyerId: buyer.id, orderId: body.orderNumber, requestId, traceparent };
}
