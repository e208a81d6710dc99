import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZodValidationPipe } from '@eshop/http-edge';
import { DraftOrderUseCase } from '../application/draft-order.use-case';
import { forwardedHeaders, sendUpstreamResponse } from './forwarding';

/** The draft is made from the caller's basket: the body is empty (or `{}`), never lines. */
const draftOrderSchema = z.object({}).strict().optional();

/**
 * `POST /api/orders/draft`, the gateway's own: the draft is computed here from the caller's
 * basket (token required: the global guard runs before the body pipe).
 */
@ApiExcludeController()
@Controller('api/orders/draft')
export class OrderDraftController {
  constructor(@Inject(DraftOrderUseCase) private readonly draftOrder: DraftOrderUseCase) {}

  @Post()
  async draft(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body(new ZodValidationPipe(draftOrderSchema)) _body: unknown,
  ): Promise<void> {
    const result = await this.draftOrder.execute(forwardedHeaders(request));
    if ('refused' in result) sendUpstreamResponse(reply, result.refused);
    else void reply.status(200).send(result.draft);
  }
}
