import { Test as NestTest } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { Client } from 'pg';
import request, { type Test } from 'supertest';
import { loadConfig } from '@eshop/config';
import { retryDelays } from '@eshop/event-bus-rabbitmq';
import { configureServiceApp, serviceFastifyAdapter } from '@eshop/service-host';
import { RabbitMqTestAdmin, TestIdentityProvider, createTestDatabase, testEnv, uniqueName, type TestDatabase } from '@eshop/testing';
import { catalogApiConfigSchema, type CatalogApiConfig } from '../catalog-api.config';
import { CatalogApiModule } from '../catalog-api.module';

/** The identity provider this test file's catalog trusts (tokens signed synchronously). */
export const identity = TestIdentityProvider.shared;

/** A buyer's token: reads and nothing else (catalog writes are staff's). */
export const tokenFor = (id: string, name = `Buyer ${id}`) => identity.tokenSync({ sub: id, name });

/** A staff token (role `admin`): catalog writes. */
export const adminToken = (id = 'admin-1', name = 'Catalog Admin') => identity.tokenSync({ sub: id, name, roles: ['admin'] });

export interface CatalogAppEnv {
  readonly DATABASE_URL: string;
  readonly RABBITMQ_URL: string;
  readonly EVENT_BUS_EXCHANGE: string;
  readonly [name: string]: string;
}

/**
 * The app's config for a test: silent, a fast relay poll, this run's exchange and queue, and
 * this file's identity provider (listening: `await identity.listen()` first).
 */
export function catalogTestConfig(env: CatalogAppEnv): CatalogApiConfig {
  return loadConfig(catalogApiConfigSchema, {
    ...identity.env(),
    LOG_LEVEL: 'silent',
    // A free port each: test files (and order-stock's two instances) run side by side.
    METRICS_PORT: '0',
    OUTBOX_POLL_INTERVAL_MS: '200',
    // Per run like the exchange, so no test declares the contract's `catalog-api` queue.
    EVENT_BUS_QUEUE: `${env.EVENT_BUS_EXCHANGE}.catalog-api`,
    ...env,
  });
}

/**
 * The real CatalogApiModule in a Nest testing module, configured like production
 * (Fastify, configureServiceApp: logger, error filter) and initialised, not listening:
 * supertest talks to its HTTP server. The event bus and the relay run as in production.
 */
export async function createCatalogTestApp(config: CatalogApiConfig): Promise<NestFastifyApplication> {
  await identity.listen();
  const moduleRef = await NestTest.createTestingModule({ imports: [CatalogApiModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(serviceFastifyAdapter(), { bufferLogs: true });
  configureServiceApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** The catalog app in this test process, with an admin token and its per-run broker names. */
export class CatalogApp {
  readonly token = adminToken();

  private constructor(
    readonly app: NestFastifyApplication,
    /** Catalog consumes the saga's stock events, so its bus declares a service queue. */
    private readonly queue: { readonly name: string; readonly delaysMs: number[] },
    private readonly exchange: string,
  ) {}

  static async start(env: CatalogAppEnv): Promise<CatalogApp> {
    await identity.listen();
    const config = catalogTestConfig(env);
    const delaysMs = retryDelays({
      maxRetries: config.EVENT_BUS_MAX_RETRIES,
      initialDelayMs: config.EVENT_BUS_RETRY_INITIAL_MS,
      multiplier: 5, // the bus' default
    });
    const app = await createCatalogTestApp(config);
    return new CatalogApp(app, { name: config.EVENT_BUS_QUEUE, delaysMs }, config.EVENT_BUS_EXCHANGE);
  }

  /** A supertest request, with the admin's bearer token unless `token` is null (or another token). */
  http(method: HttpMethod, path: string, token: string | null = this.token): Test {
    const test = request(this.app.getHttpServer())[method](path);
    return token === null ? test : test.set('authorization', `Bearer ${token}`);
  }

  async close(): Promise<void> {
    await this.app.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(this.queue.name, this.queue.delaysMs);
    // The exchange is this run's alone (the tests name it); a probe may have deleted it already.
    await admin.deleteExchange(this.exchange);
    await admin.close();
  }
}

/** HTTP-only tests: a fresh database and the catalog on it, relay off (events stay in the table). */
export async function startOnNewDatabase(prefix: string): Promise<{ db: TestDatabase; catalog: CatalogApp }> {
  const db = await createTestDatabase(prefix);
  const catalog = await CatalogApp.start({
    DATABASE_URL: db.url,
    RABBITMQ_URL: testEnv.rabbitmqUrl,
    EVENT_BUS_EXCHANGE: uniqueName('test.catalog'),
    OUTBOX_RELAY: 'off',
  });
  return { db, catalog };
}

/** A probe queue bound to every routing key of the test's exchange. */
export class ExchangeProbe {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly exchange: string,
    private readonly queue: string,
  ) {}

  static async open(url: string, exchange: string): Promise<ExchangeProbe> {
    const connection = await connect(url);
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const queue = `${exchange}.probe`;
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, '#');
    return new ExchangeProbe(connection, channel, exchange, queue);
  }

  async drain(): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await this.channel.get(this.queue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  }

  async close(): Promise<void> {
    await this.channel.deleteQueue(this.queue);
    await this.channel.deleteExchange(this.exchange);
    await this.connection.close();
  }
}

export interface OutboxRowView {
  event_id: string;
  event_name: string;
  payload: Record<string, unknown>;
  state: string;
  attempts: number;
  traceparent: string | null;
}

/** Runs one SQL statement on the test database with a short-lived connection. */
export async function sql<T = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const outboxRows = (databaseUrl: string) =>
  sql<OutboxRowView>(databaseUrl, 'SELECT * FROM integration_event_log ORDER BY seq');
