import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@eshop/auth';
import { staticUrlsFromConfig } from '@eshop/discovery';
import { HealthModule, LoggingModule, TracingShutdownModule } from '@eshop/observability';
import { discoveryModule, tokenVerification } from '@eshop/service-host';
import { API_GATEWAY_CONFIG, type ApiGatewayConfig } from './api-gateway.config';
import { BffModule } from './bff.module';
import { OrderEventsModule } from './order-events.module';
import { BasketItemsController } from './api/basket-items.controller';
import { OrderDraftController } from './api/order-draft.controller';
import { BasketProxyController, CatalogProxyController, OrderingProxyController } from './api/proxy.controllers';
import { AddBasketItemUseCase } from './application/add-basket-item.use-case';
import { DraftOrderUseCase } from './application/draft-order.use-case';
import { ForwardToUpstreamUseCase } from './application/forward-to-upstream.use-case';
import { UPSTREAMS } from './domain/upstreams';
import { gatewayMetricsModule } from './infrastructure/gateway-metrics';
import { RateLimitModule } from './infrastructure/rate-limit.module';
import { UpstreamsModule } from './infrastructure/upstreams.module';

/**
 * api-gateway: the one HTTP entry point (auth, routing, aggregation, resilience, discovery).
 * Composed by hand rather than with ServiceHostModule: the event bus only feeds live order
 * status (broadcast, no service queue), and the rate limit must come before the token check.
 */
@Module({})
export class ApiGatewayModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        // Requests logged without their headers: cheaper on every request (docs/adr/0007).
        LoggingModule.forRoot({ service: 'api-gateway', level: config.LOG_LEVEL, leanRequests: true }),
        // /metrics on METRICS_PORT; spans flushed at shutdown when tracing is on.
        gatewayMetricsModule(config),
        TracingShutdownModule,
        // Before AuthModule: global guards run in module order, so the rate limit is checked before the token.
        RateLimitModule.register(config),
        BffModule.register(config), // browser sessions: before AuthModule (the session's token must be in place)
        AuthModule.forRoot(tokenVerification(config)),
        discoveryModule('api-gateway', config, { version: '0.1.0', staticUrls: staticUrlsFromConfig(config), upstreams: UPSTREAMS }),
        UpstreamsModule.register(config),
        // Live order status: broadcast subscription on the bus + GET /api/orders/events (SSE).
        OrderEventsModule.register(config),
        // Ready means the gateway answers: an upstream outage is the upstream's, and the gateway
        // keeps answering (fast 503s, and every other upstream); taking it out of rotation for
        // one broken service would make a total outage (ADR 0007). The public answer is the
        // status only: circuit and bulkhead states are not for clients to see.
        HealthModule.forRoot({ readiness: () => [] }),
      ],
      controllers: [
        CatalogProxyController,
        BasketItemsController,
        BasketProxyController,
        OrderDraftController,
        OrderingProxyController,
      ],
      providers: [
        { provide: API_GATEWAY_CONFIG, useValue: config },
        {
          provide: AddBasketItemUseCase,
          inject: [ForwardToUpstreamUseCase],
          useFactory: (forward: ForwardToUpstreamUseCase) => new AddBasketItemUseCase(forward),
        },
        {
          provide: DraftOrderUseCase,
          inject: [ForwardToUpstreamUseCase],
          useFactory: (forward: ForwardToUpstreamUseCase) => new DraftOrderUseCase(forward),
        },
      ],
    };
  }
}
