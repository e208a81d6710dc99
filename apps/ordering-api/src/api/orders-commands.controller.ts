import { Body, Controller, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { CurrentBuyer, Roles, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import {
  ChangeOrderStatusUseCase,
  type BuyerAction,
  type ChangeOrderStatusResult,
} from '../application/change-order-status.use-case';
import { OrderQueriesUseCase } from '../application/order-queries.use-case';
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

type CommandResponse = Omit<ChangeOrderStatusResult, 'repeated'>;

/**
 * Cancel and ship (with `x-requestid`: a retry never runs the command twice) and the draft.
 * 200 with the order's status; 404 for an order that is not the caller's (staff ship any
 * buyer's order); 409 for a move the state machine forbids (cancel after payment, ship before it).
 */
@Controller('api/orders')
export class OrdersCommandsController {
  constructor(
    @Inject(ChangeOrderStatusUseCase) private readonly changeStatus: ChangeOrderStatusUseCase,
    @Inject(OrderQueriesUseCase) private readonly queries: OrderQueriesUseCase,
  ) {}

  @Put('cancel')
  async cancel(
    @CurrentBuyer() buyer: Buyer,
    @RequestHeaders(new ZodValidationPipe(requestIdHeaders, 'header')) headers: RequestIdHeaders,
    @Body(new ZodValidationPipe(orderNumberBody)) body: OrderNumberBody,
  ): Promise<CommandResponse> {
    return this.change('cancel', buyer, headers, body);
  }

  /** Staff only: a buyer gets 403 (checked here, in the service that owns the order). */
  @Roles('admin')
  @Put('ship')
  async ship(
    @CurrentBuyer() buyer: Buyer,
    @RequestHeaders(new ZodValidationPipe(requestIdHeaders, 'header')) headers: RequestIdHeaders,
    @Body(new ZodValidationPipe(orderNumberBody)) body: OrderNumberBody,
  ): Promise<CommandResponse> {
    return this.change('ship', buyer, headers, body);
  }

  /**
   * The order a basket would make (lines merged, total in exact cents). Arithmetic on what
   * the client sent, answered to that client only: nothing is stored, and no price of a
   * draft reaches an order (orders are made from basket's checkout event alone).
   */
  @Post('draft')
  @HttpCode(200)
  draft(@CurrentBuyer() buyer: Buyer, @Body(new ZodValidationPipe(draftBody)) body: DraftBody): OrderDraftResponse {
    if (body.buyerId !== undefined && body.buyerId !== buyer.id) {
      throw new BuyerMismatchError();
    }
    return toDraftResponse(this.queries.draft(draftLines(body)));
  }

  private async change(
    action: BuyerAction,
    buyer: Buyer,
    headers: RequestIdHeaders,
    body: OrderNumberBody,
  ): Promise<CommandResponse> {
    const { 'x-requestid': requestId, traceparent } = headers;
    const command = { action, buyerId: buyer.id, orderId: body.orderNumber, requestId, traceparent };
    const { orderNumber, status } = await this.changeStatus.execute(command);
    return { orderNumber, status };
  }
}
