import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@eshop/config';
import {
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus, retryDelays } from '@eshop/event-bus-rabbitmq';
import { configureServiceApp } from '@eshop/service-host';
import { RabbitMqTestAdmin, testEnv, uniqueName } from '@eshop/testing';
import { basketApiConfigSchema } from '../basket-api.config';
import { BasketApiModule } from '../basket-api.module';
import { BasketKeys } from '../infrastructure/basket-keys';
import { BasketRepository } from '../infrastructure/basket.repository';
import type { RedisClient } from '../infrastructure/redis/redis.tokens';
import { identity } from './basket-client.fixture';
import { CatalogStub } from './catalog-stub.fixture';
import { deleteKeys, redisBackend, type RedisBackend } from './redis-backend.fixture';

// Helpers for basket-api's *.int-spec.ts: per-run names (key prefix, exchange, queue), the
// app in a testing module, a bus on the run's exchange, and the clean-up.

export * from './basket-client.fixture';
export * from './catalog-stub.fixture';
export { deleteKeys, redisBackend } from './redis-backend.fixture';

/** Small, fast retries so that a failing handler shows up within a test. */
export const TEST_RETRY = { maxRetries: 2, initialDelayMs: 50, multiplier: 5 };
export const testRetryDelays = retryDelays(TEST_RETRY);

export interface RunNames {
  readonly prefix: string;
  readonly exchange: string;
  readonly queue: string;
  /** REDIS_URL, and REDIS_CLUSTER_NODES when the tests run on a cluster (redis-backend.fixture). */
  readonly redisEnv: Record<string, string>;
  readonly rabbitmqUrl: string;
  /** The run's catalog (a CatalogStub). */
  readonly catalogUrl: string;
}

/** Names no other run uses: a Redis key prefix, an exchange and the basket queue on it. */
export function runNames(prefix: string, catalogUrl: string, redisEnv: Record<string, string> = { REDIS_URL: testEnv.redisUrl }): RunNames {
  const exchange = uniqueName('test.events');
  return {
    prefix: `${uniqueName(prefix)}:`,
    exchange,
    queue: `${exchange}.basket-api`,
    redisEnv,
    rabbitmqUrl: testEnv.rabbitmqUrl,
    catalogUrl,
  };
}

/** The app's environment for one test run (unique prefix, exchange and queue); startBasketApp adds the identity provider's. */
export function basketEnv(names: RunNames, overrides: Record<string, string> = {}) {
  return {
    ...names.redisEnv,
    REDIS_KEY_PREFIX: names.prefix,
    RABBITMQ_URL: names.rabbitmqUrl,
    LOG_LEVEL: 'silent',
    EVENT_BUS_EXCHANGE: names.exchange,
    EVENT_BUS_QUEUE: names.queue,
    EVENT_BUS_MAX_RETRIES: String(TEST_RETRY.maxRetries),
    EVENT_BUS_RETRY_INITIAL_MS: String(TEST_RETRY.initialDelayMs),
    CATALOG_URL: names.catalogUrl,
    // A free port for /metrics: apps of parallel test runs must not collide on PORT + 1000.
    METRICS_PORT: '0',
    PICTURE_BASE_URL: 'http://pictures',
    ...overrides,
  };
}

export interface RunningApp {
  readonly app: NestExpressApplication;
  /** What supertest calls (BasketClient, isReady). */
  readonly server: Server;
}

/**
 * basket-api in this process, the NestJS way: the real BasketApiModule in a testing module,
 * configured as production configures it (error filter, body limit); supertest calls its
 * HTTP server. It listens on a free loopback port (`listen` runs `init`, so the bus
 * consumes): supertest would otherwise open and close the server around every request,
 * which concurrent requests (the race tests send hundreds at once) trip over.
 */
export async function startBasketApp(env: Record<string, string>): Promise<RunningApp> {
  const config = loadConfig(basketApiConfigSchema, { ...(await identity.listen()).env(), ...env });
  const moduleRef = await Test.createTestingModule({ imports: [BasketApiModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  configureServiceApp(app, { bodyLimit: '256kb' });
  await app.listen(0, '127.0.0.1');
  return { app, server: app.getHttpServer() as Server };
}

/** A basket line as a client writes it (PUT items, POST /api/basket/items). */
export function line(productId: number, quantity = 1) {
  return { productId, quantity };
}

export function priceChanged(
  productId: number,
  version: number,
  newPrice: number,
  oldPrice: number,
): ProductPriceChangedIntegrationEvent {
  return { ...newEventIdentity(), productId, version, newPrice, oldPrice };
}

export type Bus = RabbitMqEventBus<IntegrationEventMap>;

/** A bus on the run's exchange: publish-only without `queue`, else a consumer on it. */
export function testBus(names: RunNames, queue?: string): Bus {
  return new RabbitMqEventBus<IntegrationEventMap>({
    url: names.rabbitmqUrl,
    registry: integrationEvents,
    exchange: names.exchange,
    publishTimeoutMs: 5_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    retry: TEST_RETRY,
    ...(queue ? { queue } : {}),
  });
}

/**
 * One run's infrastructure: unique names, a Redis client, the RabbitMQ admin, a connected
 * publisher on the run's exchange and the run's catalog. `close` deletes every key, queue
 * and exchange of the run and stops the catalog.
 */
export class TestRun {
  private constructor(
    readonly names: RunNames,
    readonly redis: RedisClient,
    readonly backend: RedisBackend,
    readonly admin: RabbitMqTestAdmin,
    readonly publisher: Bus,
    readonly catalog: CatalogStub,
  ) {}

  static async open(prefix: string): Promise<TestRun> {
    const catalog = await CatalogStub.start();
    const backend = await redisBackend();
    const names = runNames(prefix, catalog.url, backend.env);
    const publisher = testBus(names);
    await publisher.connect();
    return new TestRun(names, backend.client(), backend, await RabbitMqTestAdmin.open(), publisher, catalog);
  }

  /** `extraQueues`: queues a test declared on the run's exchange besides basket-api's. */
  async close(extraQueues: readonly string[] = []): Promise<void> {
    await this.publisher.close();
    await deleteKeys(this.redis, this.names.prefix);
    for (const queue of [this.names.queue, ...extraQueues]) {
      await this.admin.deleteServiceQueues(queue, testRetryDelays);
    }
    await this.admin.deleteExchange(this.names.exchange);
    await this.admin.close();
    this.redis.disconnect();
    await this.catalog.stop();
  }
}

/** Direct access to the run's baskets (seeding thousands of baskets is too slow over HTTP). */
export function basketStore(redis: RedisClient, names: RunNames) {
  const keys = new BasketKeys(names.prefix);
  return { keys, baskets: new BasketRepository(redis, keys) };
}

/** The client type the tests hold: a single node or a cluster. */
export type Redis = RedisClient;
