import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { CurrentBuyer, type Buyer } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { CheckoutBasketUseCase } from '../application/checkout-basket.use-case';
import { checkoutHeadersSchema, checkoutSchema, type CheckoutRequest } from './checkout.schemas';

/** The request headers, so that a pipe can validate them (Nest's `@Headers()` takes none). */
const RequestHeaders = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<{ headers: unknown }>().headers,
);

@Controller('api/basket/checkout')
export class CheckoutController {
  constructor(@Inject(CheckoutBasketUseCase) private readonly checkoutBasket: CheckoutBasketUseCase) {}

  /**
   * 202: UserCheckoutAccepted was published (now, or by an earlier request with the same
   * `x-requestid`). The basket stays until ordering's OrderStarted. 503: the broker did not
   * confirm; nothing was sent, retry with the same id.
   */
  @Post()
  @HttpCode(202)
  async accept(
    @CurrentBuyer() buyer: Buyer,
    @RequestHeaders(new ZodValidationPipe(checkoutHeadersSchema, 'header'))
    headers: { 'x-requestid': string },
    @Body(new ZodValidationPipe(checkoutSchema)) body: CheckoutRequest,
  ): Promise<{ requestId: string }> {
    const requestId = headers['x-requestid'];
    await this.checkoutBasket.execute(buyer, requestId, body);
    return { requestId };
  }
}
