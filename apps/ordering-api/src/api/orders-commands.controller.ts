import { Body, Controller, Inject, Put } from '@nestjs/common';
import { CurrentBuyer, Roles, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import {
  ChangeOrderStatusUseCase,
  type BuyerAction,
  type ChangeOrderStatusResult,
} from '../application/change-order-status.use-case';
import { orderNumberBody, requestIdHeaders, type OrderNumberBody, type RequestIdHeaders } from './orders.dto';
import { RequestHeaders } from './request-headers.decorator';

type CommandResponse = Omit<ChangeOrderStatusResult, 'repeated'>;

/**
 * Cancel and ship (with `x-requestid`: a retry never runs the command twice).
 * 200 with the order's status; 404 for an order that is not the caller's (staff ship any
 * buyer's order); 409 for a move the state machine forbids (cancel after payment, ship before it).
 */
@Controller('api/orders')
export class OrdersCommandsController {
  constructor(@Inject(ChangeOrderStatusUseCase) private readonly changeStatus: ChangeOrderStatusUseCase) {}

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
