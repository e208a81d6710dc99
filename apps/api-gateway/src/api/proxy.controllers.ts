import { All, Controller, Delete, Get, Inject, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@eshop/auth';
import { UpstreamProxy } from '../application/upstream-proxy';
import type { Upstream } from '../domain/upstreams';
import { sendUpstreamResponse, toUpstreamRequest } from './forwarding';

/**
 * Routing: each service serves the same paths the gateway exposes, so a request goes
 * upstream unchanged. The global JWT guard (libs/auth) checks tokens before any of these
 * run: catalog reads are public, everything else needs a valid token.
 */
abstract class ProxyController {
  protected constructor(
    private readonly proxy: UpstreamProxy,
    private readonly upstream: Upstream,
  ) {}

  protected async forward(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    sendUpstreamResponse(reply, await this.proxy.call(this.upstream, toUpstreamRequest(request)));
  }
}

@ApiExcludeController()
@Controller('api/catalog')
export class CatalogProxyController extends ProxyController {
  constructor(@Inject(UpstreamProxy) proxy: UpstreamProxy) {
    super(proxy, 'catalog-api');
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

/** `POST /api/basket/items` is not here: it is an aggregation (basket-items.controller.ts). */
@ApiExcludeController()
@Controller('api/basket')
export class BasketProxyController extends ProxyController {
  constructor(@Inject(UpstreamProxy) proxy: UpstreamProxy) {
    super(proxy, 'basket-api');
  }

  @All()
  basket(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }

  @All('*')
  rest(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }
}

@ApiExcludeController()
@Controller('api/orders')
export class OrderingProxyController extends ProxyController {
  constructor(@Inject(UpstreamProxy) proxy: UpstreamProxy) {
    super(proxy, 'ordering-api');
  }

  @All()
  orders(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }

  @All('*')
  rest(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward(request, reply);
  }
}
