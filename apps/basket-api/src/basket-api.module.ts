import { Module, type DynamicModule, type InjectionToken, type Provider } from '@nestjs/common';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { EVENT_BUS, EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { SERVICE_RESOLVER, type ServiceResolver } from '@eshop/discovery';
import { NestStructuredLogger } from '@eshop/observability';
import { ServiceHostModule } from '@eshop/service-host';
import { BasketController } from './api/basket.controller';
import { CheckoutController } from './api/checkout.controller';
import { AddBasketItemUseCase } from './application/add-basket-item.use-case';
import { ApplyPriceChangeUseCase } from './application/apply-price-change.use-case';
import { BASKET_REPOSITORY, type BasketRepositoryPort } from './application/basket-repository.port';
import { CheckoutBasketUseCase } from './application/checkout-basket.use-case';
import { CATALOG_ITEMS, type CatalogItemsPort } from './application/catalog-items.port';
import { CHECKOUT_REPOSITORY, type CheckoutRepositoryPort } from './application/checkout-repository.port';
import { ClearBasketUseCase } from './application/clear-basket.use-case';
import { CompleteCheckoutUseCase } from './application/complete-checkout.use-case';
import { GetBasketUseCase } from './application/get-basket.use-case';
import { PRICE_CHANGE_REPOSITORY, type PriceChangeRepositoryPort } from './application/price-change-repository.port';
import { ReplaceBasketUseCase } from './application/replace-basket.use-case';
import { ReturnExpiredCheckoutsWorker } from './application/return-expired-checkouts.worker';
import type { BasketApiConfig } from './basket-api.config';
import { basketApiSubscriptions } from './basket-api.subscriptions';
import { BasketKeys } from './infrastructure/basket-keys';
import { BasketRepository } from './infrastructure/basket.repository';
import { CATALOG_SERVICE, CatalogItemsHttpClient } from './infrastructure/catalog-items.http-client';
import { CheckoutRepository } from './infrastructure/checkout.repository';
import { PriceChangeRepository } from './infrastructure/price-change.repository';
import { RedisHealthIndicator } from './infrastructure/redis/redis.health';
import { RedisModule } from './infrastructure/redis/redis.module';
import { REDIS, type RedisClient } from './infrastructure/redis/redis.tokens';

/** The ports, bound to their adapters (plain classes: the bench builds the Redis ones too). */
function adapterProviders(config: BasketApiConfig): Provider[] {
  const onRedis = <T>(token: InjectionToken, build: (redis: RedisClient, keys: BasketKeys) => T): Provider => ({
    provide: token,
    inject: [REDIS, BasketKeys],
    useFactory: build,
  });
  return [
    { provide: BasketKeys, useValue: new BasketKeys(config.REDIS_KEY_PREFIX) },
    onRedis(BASKET_REPOSITORY, (redis, keys) => new BasketRepository(redis, keys)),
    onRedis(CHECKOUT_REPOSITORY, (redis, keys) => new CheckoutRepository(redis, keys)),
    onRedis(PRICE_CHANGE_REPOSITORY, (redis, keys) => new PriceChangeRepository(redis, keys)),
    {
      provide: CATALOG_ITEMS,
      inject: [SERVICE_RESOLVER],
      useFactory: (resolver: ServiceResolver) =>
        new CatalogItemsHttpClient(resolver, { pictureBaseUrl: config.PICTURE_BASE_URL }, new NestStructuredLogger('Catalog')),
    },
  ];
}

/** The use cases: plain classes, given their ports and plain settings here. */
function useCaseProviders(config: BasketApiConfig): Provider[] {
  const consumer = config.EVENT_BUS_QUEUE;
  const onBaskets = <T>(useCase: new (baskets: BasketRepositoryPort) => T): Provider => ({
    provide: useCase,
    inject: [BASKET_REPOSITORY],
    useFactory: (baskets: BasketRepositoryPort) => new useCase(baskets),
  });
  const onBasketsAndCatalog = <T>(useCase: new (baskets: BasketRepositoryPort, catalog: CatalogItemsPort) => T): Provider => ({
    provide: useCase,
    inject: [BASKET_REPOSITORY, CATALOG_ITEMS],
    useFactory: (baskets: BasketRepositoryPort, catalog: CatalogItemsPort) => new useCase(baskets, catalog),
  });
  return [
    onBaskets(GetBasketUseCase),
    onBasketsAndCatalog(ReplaceBasketUseCase),
    onBasketsAndCatalog(AddBasketItemUseCase),
    onBaskets(ClearBasketUseCase),
    {
      provide: CheckoutBasketUseCase,
      inject: [CHECKOUT_REPOSITORY, EVENT_BUS],
      useFactory: (checkouts: CheckoutRepositoryPort, bus: EventBus<IntegrationEventMap>) =>
        new CheckoutBasketUseCase(checkouts, bus, { timeoutMs: config.CHECKOUT_TIMEOUT_MS }),
    },
    {
      provide: ReturnExpiredCheckoutsWorker,
      inject: [CHECKOUT_REPOSITORY],
      useFactory: (checkouts: CheckoutRepositoryPort) =>
        new ReturnExpiredCheckoutsWorker(checkouts, { intervalMs: config.CHECKOUT_SWEEP_INTERVAL_MS, batchSize: 100 }),
    },
    {
      provide: CompleteCheckoutUseCase,
      inject: [CHECKOUT_REPOSITORY],
      useFactory: (checkouts: CheckoutRepositoryPort) => new CompleteCheckoutUseCase(checkouts, { consumer }),
    },
    {
      provide: ApplyPriceChangeUseCase,
      inject: [PRICE_CHANGE_REPOSITORY],
      useFactory: (store: PriceChangeRepositoryPort) =>
        new ApplyPriceChangeUseCase(store, { consumer, batchSize: config.PRICE_CHANGE_BATCH_SIZE }),
    },
  ];
}

/** basket-api: per-buyer baskets in Redis at catalog's prices, the price-change fan-out, checkout. */
@Module({})
export class BasketApiModule {
  static register(config: BasketApiConfig): DynamicModule {
    return {
      module: BasketApiModule,
      imports: [
        RedisModule.forRoot({ url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES, connectionName: 'basket-api' }),
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'basket-api',
          env: config,
          eventBus: { registry: integrationEvents },
          // Catalog is not a readiness dependency: reads, deletes and checkout work without it.
          discovery: { staticUrls: { [CATALOG_SERVICE]: config.CATALOG_URL }, upstreams: [CATALOG_SERVICE] },
          readiness: {
            inject: [RedisHealthIndicator, EventBusHealthIndicator],
            readiness: (redis: RedisHealthIndicator, bus: EventBusHealthIndicator) => [
              () => redis.isHealthy('redis'),
              () => bus.report('rabbitmq'), // reported, not required: baskets work without the broker (checkout answers 503)
            ],
          },
        }),
      ],
      controllers: [BasketController, CheckoutController],
      providers: [...adapterProviders(config), ...useCaseProviders(config), ...basketApiSubscriptions],
    };
  }
}
