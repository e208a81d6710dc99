import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { EVENT_BUS, EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { ServiceHostModule } from '@eshop/service-host';
import type { Redis } from 'ioredis';
import { BasketController } from './api/basket.controller';
import { CheckoutController } from './api/checkout.controller';
import { BasketService } from './application/basket.service';
import { BASKET_CONSUMER } from './application/basket.tokens';
import { CheckoutService } from './application/checkout.service';
import { PriceChangeFanOut } from './application/price-change-fan-out';
import { BASKET_API_CONFIG, type BasketApiConfig } from './basket-api.config';
import { BASKET_API_SUBSCRIPTIONS } from './basket-api.subscriptions';
import { BasketKeys } from './infrastructure/basket-keys';
import { BasketRepository } from './infrastructure/basket.repository';
import { CheckoutRepository } from './infrastructure/checkout.repository';
import { PriceChangeRepository } from './infrastructure/price-change.repository';
import { RedisHealthIndicator } from './infrastructure/redis/redis.health';
import { RedisModule } from './infrastructure/redis/redis.module';
import { REDIS } from './infrastructure/redis/redis.tokens';

/** Repositories and use cases are plain classes (the bench reuses them); wired here. */
function basketProviders(config: BasketApiConfig): Provider[] {
  const withRedis = <T>(build: (redis: Redis, keys: BasketKeys) => T) => ({
    inject: [REDIS, BasketKeys],
    useFactory: build,
  });
  return [
    { provide: BASKET_API_CONFIG, useValue: config },
    { provide: BASKET_CONSUMER, useValue: config.EVENT_BUS_QUEUE },
    { provide: BasketKeys, useValue: new BasketKeys(config.REDIS_KEY_PREFIX) },
    { provide: BasketRepository, ...withRedis((r, k) => new BasketRepository(r, k)) },
    { provide: CheckoutRepository, ...withRedis((r, k) => new CheckoutRepository(r, k)) },
    { provide: PriceChangeRepository, ...withRedis((r, k) => new PriceChangeRepository(r, k)) },
    {
      provide: PriceChangeFanOut,
      inject: [PriceChangeRepository],
      useFactory: (store: PriceChangeRepository) =>
        new PriceChangeFanOut(store, {
          consumer: config.EVENT_BUS_QUEUE,
          batchSize: config.PRICE_CHANGE_BATCH_SIZE,
        }),
    },
    { provide: BasketService, inject: [BasketRepository], useFactory: (b: BasketRepository) => new BasketService(b) },
    {
      provide: CheckoutService,
      inject: [BasketRepository, CheckoutRepository, EVENT_BUS],
      useFactory: (b: BasketRepository, c: CheckoutRepository, bus: EventBus<IntegrationEventMap>) =>
        new CheckoutService(b, c, bus),
    },
  ];
}

/** basket-api: per-buyer baskets in Redis, the price-change fan-out, checkout. */
@Module({})
export class BasketApiModule {
  static register(config: BasketApiConfig): DynamicModule {
    return {
      module: BasketApiModule,
      imports: [
        RedisModule.forRoot({ url: config.REDIS_URL, connectionName: 'basket-api' }),
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'basket-api',
          env: config,
          eventBus: { registry: integrationEvents },
          readiness: {
            inject: [RedisHealthIndicator, EventBusHealthIndicator],
            readiness: (redis: RedisHealthIndicator, bus: EventBusHealthIndicator) => [
              () => redis.isHealthy('redis'),
              () => bus.isHealthy('rabbitmq'),
            ],
          },
        }),
      ],
      controllers: [BasketController, CheckoutController],
      providers: [...basketProviders(config), ...BASKET_API_SUBSCRIPTIONS],
    };
  }
}
