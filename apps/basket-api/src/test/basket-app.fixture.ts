import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { signToken } from '@eshop/auth';
import { loadConfig } from '@eshop/config';
import {
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus, retryDelays } from '@eshop/event-bus-rabbitmq';
import { bootstrapService } from '@eshop/service-host';
import { testEnv, uniqueName } from '@eshop/testing';
import { Redis } from 'ioredis';
import { basketApiConfigSchema } from '../basket-api.config';
import { BasketApiModule } from '../basket-api.module';
import { BasketKeys } from '../infrastructure/basket-keys';
import { BasketRepository } from '../infrastructure/basket.repository';

// Helpers for basket-api's *.int-spec.ts. They take per-run names from the spec (which makes
// them with @eshop/testing) and never import the testing lib themselves.

export const TEST_SECRET = 'basket-test-secret-0123456789';
/** Small, fast retries so that a failing handler shows up within a test. */
export const TEST_RETRY = { maxRetries: 2, initialDelayMs: 50, multiplier: 5 };
export const testRetryDelays = retryDelays(TEST_RETRY);

export interface RunNames {
  readonly prefix: string;
  readonly exchange: string;
  readonly queue: string;
  readonly redisUrl: string;
  readonly rabbitmqUrl: string;
}

/** Names no other run uses: a Redis key prefix, an exchange and the basket queue on it. */
export function runNames(prefix: string): RunNames {
  const exchange = uniqueName('test.events');
  return {
    prefix: `${uniqueName(prefix)}:`,
    exchange,
    queue: `${exchange}.basket-api`,
    redisUrl: testEnv.redisUrl,
    rabbitmqUrl: testEnv.rabbitmqUrl,
  };
}

/** The app's environment for one test run (unique prefix, exchange and queue). */
export function basketEnv(names: RunNames, overrides: Record<string, string> = {}) {
  return {
    REDIS_URL: names.redisUrl,
    REDIS_KEY_PREFIX: names.prefix,
    RABBITMQ_URL: names.rabbitmqUrl,
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    EVENT_BUS_EXCHANGE: names.exchange,
    EVENT_BUS_QUEUE: names.queue,
    EVENT_BUS_MAX_RETRIES: String(TEST_RETRY.maxRetries),
    EVENT_BUS_RETRY_INITIAL_MS: String(TEST_RETRY.initialDelayMs),
    ...overrides,
  };
}

export interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
}

/** basket-api in this process, started as main.ts starts it, on a free port. */
export async function startBasketApp(env: Record<string, string>): Promise<RunningApp> {
  const config = loadConfig(basketApiConfigSchema, env);
  const app = await bootstrapService(BasketApiModule.register(config), {
    port: 0,
    bodyLimit: '256kb',
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** `Authorization` header value for a buyer (name = `name of <id>`). */
export function authorizationOf(buyerId: string): string {
  return `Bearer ${signToken({ id: buyerId, name: `name of ${buyerId}` }, TEST_SECRET)}`;
}

export interface HttpReply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface BasketView {
  buyerId: string;
  items: Array<{
    id: string;
    productId: number;
    productName: string;
    unitPrice: number;
    oldUnitPrice: number;
    quantity: number;
    pictureUrl: string;
  }>;
}

/** Speaks HTTP to one basket-api as one buyer (or with a raw Authorization header). */
export class BasketClient {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string | undefined,
  ) {}

  static as(baseUrl: string, buyerId: string): BasketClient {
    return new BasketClient(baseUrl, authorizationOf(buyerId));
  }

  get(): Promise<HttpReply<BasketView>> {
    return this.send('GET', '/api/basket');
  }

  put(body: unknown): Promise<HttpReply<BasketView>> {
    return this.send('PUT', '/api/basket', body);
  }

  addItem(body: unknown): Promise<HttpReply<BasketView>> {
    return this.send('POST', '/api/basket/items', body);
  }

  delete(): Promise<HttpReply> {
    return this.send('DELETE', '/api/basket');
  }

  checkout(body: unknown, requestId?: string): Promise<HttpReply> {
    return this.send('POST', '/api/basket/checkout', body, requestId ? { 'x-requestid': requestId } : {});
  }

  async send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.authorization ? { authorization: this.authorization } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

/** A basket item as PUT takes it. */
export function item(productId: number, unitPrice: number, quantity = 1, version?: number) {
  return {
    productId,
    productName: `product ${productId}`,
    unitPrice,
    quantity,
    pictureUrl: `http://pictures/${productId}.png`,
    ...(version === undefined ? {} : { version }),
  };
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

/** Direct access to the run's baskets (seeding thousands of baskets is too slow over HTTP). */
export function basketStore(redis: Redis, names: RunNames) {
  const keys = new BasketKeys(names.prefix);
  return { keys, baskets: new BasketRepository(redis, keys) };
}

/** Deletes every key of the run. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export { Redis };
