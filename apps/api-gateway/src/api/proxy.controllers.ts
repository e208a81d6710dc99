import { All, Controller, Delete, Get, Inject, Patch, Post, Put, Req, Res, type Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@eshop/auth';
import { ForwardToUpstreamUseCase } from '../application/forward-to-upstream.use-case';
import type { Upstream } from '../domain/upstreams';
import { sendUpstreamResponse, toUpstreamRequest } from './forwarding';

/**
 * Routing: each service serves the same paths the gateway exposes, so a request goes
 * upstream unchanged. The global JWT guard (libs/auth) checks tokens before any of these
 * run: catalog reads are public, everything else needs a valid token.
 */
abstract class ProxyController {
  protected constructor(
    private readonly forwardToUpstream: ForwardToUpstreamUseCase,
    private readonly upstream: Upstream,
  ) {}

  protected async forward(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    sendUpstreamResponse(reply, await this.forwardToUpstream.execute(this.upstream, toUpstreamRequest(request)));
  }
}

@ApiExcludeController()
@Controller('api/catalog')
export class CatalogProxyController extends ProxyController {
  constructor(@Inject(ForwardToUpstreamUseCase) forwardToUpstream: ForwardToUpstreamUseCase) {
    super(forwardToUpstream, 'catalog-api');
  }

  @Public()
  @Get('*')
  read(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }

  // One method per verb: a catch-all would also take GET, which must stay public.
  @Post('*')
  create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }

  @Put('*')
  update(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }

  @Patch('*')
  patch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }

  @Delete('*')
  remove(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }
}

/** A prefix whose every verb needs a token: `prefix` itself and everything below it go to `upstream`. */
function authenticatedProxy(name: string, prefix: string, upstream: Upstream): Type<ProxyController> {
  @ApiExcludeController()
  @Controller(prefix)
  class AuthenticatedProxyController extends ProxyController {
    constructor(@Inject(ForwardToUpstreamUseCase) forwardToUpstream: ForwardToUpstreamUseCase) {
      super(forwardToUpstream, upstream);
    }

    @All()
    root(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
      return this.forward(request, reply);
    }

    @All('*')
    rest(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
      return this.forward(request, reply);
    }
  }
  // Nest names controllers by class in its logs.
  Object.defineProperty(AuthenticatedProxyController, 'name', { value: name });
  return AuthenticatedProxyController;
}

/**
 * `POST /api/basket/items` and `POST /api/orders/draft` are not here: they are aggregations
 * (basket-items.controller.ts, order-draft.controller.ts), and static routes win over these wildcards.
 */
export const BasketProxyController = authenticatedProxy('BasketProxyController', 'api/basket', 'basket-api');
export const OrderingProxyController = authenticatedProxy('OrderingProxyController', 'api/orders', 'ordering-api');
