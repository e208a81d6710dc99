import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@eshop/auth';
import { DiscoveryModule, staticUrlsFromConfig } from '@eshop/discovery';
import { HealthModule, LoggingModule } from '@eshop/observability';
import { API_GATEWAY_CONFIG, type ApiGatewayConfig } from './api-gateway.config';
import { BasketItemsController } from './api/basket-items.controller';
import { DevTokenController } from './api/dev-token.controller';
import { BasketProxyController, CatalogProxyController, OrderingProxyController } from './api/proxy.controllers';
import { AddBasketItem } from './application/add-basket-item';
import { UpstreamProxy } from './application/upstream-proxy';
import { UPSTREAMS } from './domain/upstreams';
import { GatewayReadiness } from './infrastructure/gateway-readiness';
import { RateLimitModule } from './infrastructure/rate-limit.module';
import { UpstreamsModule } from './infrastructure/upstreams.module';

/** api-gateway: the one HTTP entry point (auth, routing, aggregation, resilience, discovery). */
@Module({})
export class ApiGatewayModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        LoggingModule.forRoot({ service: 'api-gateway', level: config.LOG_LEVEL }),
        // Before AuthModule: the rate limit is checked before the token.
        RateLimitModule.register(config),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
        DiscoveryModule.forRoot({
          mode: config.DISCOVERY,
          consulUrl: config.CONSUL_URL,
          service: { name: 'api-gateway', port: config.PORT, tags: ['eshop'], version: '0.1.0' },
          staticUrls: staticUrlsFromConfig(config),
          upstreams: UPSTREAMS,
        }),
        UpstreamsModule.register(config),
        HealthModule.forRoot({
          inject: [GatewayReadiness],
          readiness: (readiness: GatewayReadiness) => [() => readiness.check()],
        }),
      ],
      controllers: [
        CatalogProxyController,
        BasketItemsController,
        BasketProxyController,
        OrderingProxyController,
        ...(config.AUTH_DEV_TOKENS ? [DevTokenController] : []),
      ],
      providers: [
        { provide: API_GATEWAY_CONFIG, useValue: config },
        {
          provide: AddBasketItem,
          inject: [UpstreamProxy],
          useFactory: (proxy: UpstreamProxy) => new AddBasketItem(proxy, config.PICTURE_BASE_URL),
        },
      ],
    };
  }
}
