import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  RabbitMqTestAdmin,
  buildApps as buildWorkspaceApps,
  freePort,
  workspaceRoot,
  createTestDatabase,
  startChild,
  testEnv,
  uniqueName,
  waitForHttpOk,
  type ChildApp,
  type TestDatabase,
} from '@eshop/testing';

export const JWT_SECRET = 'saga-e2e-secret-0123456789abcdef';
export const APPS = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api'] as const;
export type AppName = (typeof APPS)[number];

/** EVENT_BUS_RETRY_INITIAL_MS=100, 2 retries, the bus' ×5 multiplier. */
const RETRY_DELAYS = [100, 500];
export const GRACE_PERIOD_MS = 300;

/** Builds the four apps once per test file (a few hundred ms each). */
export function buildApps(): void {
  buildWorkspaceApps(...APPS);
}

/**
 * The checkout saga's four services as child processes (the built `dist/apps/<app>/main.js`)
 * on real Postgres, Redis and RabbitMQ, with everything named per run: two databases, a Redis
 * key prefix, one exchange and a queue per service (`<run>.<app>`). `stop()` removes it all.
 */
export class SagaSystem {
  readonly run = uniqueName('saga');
  readonly exchange = `${this.run}.events`;
  readonly redisPrefix = `${this.run}:`;
  readonly urls = {} as Record<AppName, string>;
  private readonly children = new Map<AppName, ChildApp>();

  private constructor(
    readonly catalogDb: TestDatabase,
    readonly orderingDb: TestDatabase,
  ) {}

  static async start(): Promise<SagaSystem> {
    const system = new SagaSystem(await createTestDatabase('saga_catalog'), await createTestDatabase('saga_ordering'));
    await Promise.all(APPS.map((app) => system.startApp(app)));
    return system;
  }

  queue(app: AppName): string {
    return `${this.run}.${app}`;
  }

  /** Starts (or restarts, with other settings) one service and waits until it is ready. */
  async startApp(app: AppName, overrides: Record<string, string> = {}): Promise<void> {
    const port = await freePort();
    const child = startChild(join(workspaceRoot, 'dist', 'apps', app, 'main.js'), {
      ...this.commonEnv(app, port),
      ...this.ownEnv(app),
      ...overrides,
    });
    this.children.set(app, child);
    this.urls[app] = `http://127.0.0.1:${port}`;
    try {
      await waitForHttpOk(`${this.urls[app]}/health/ready`, 30_000);
    } catch (error) {
      throw new Error(`${app} did not get ready: ${(error as Error).message}\n${child.output().slice(-2_000)}`);
    }
  }

  async stopApp(app: AppName): Promise<void> {
    await this.children.get(app)?.stop('SIGTERM');
    this.children.delete(app);
  }

  /** What a service printed (JSON log lines), for diagnosing a failure. */
  output(app: AppName): string {
    return this.children.get(app)?.output() ?? '';
  }

  async stop(): Promise<void> {
    await Promise.all(APPS.map((app) => this.stopApp(app)));
    const admin = await RabbitMqTestAdmin.open();
    for (const app of APPS) await admin.deleteServiceQueues(this.queue(app), RETRY_DELAYS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    const redis = new Redis(testEnv.redisUrl);
    const keys = await redis.keys(`${this.redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await this.catalogDb.drop();
    await this.orderingDb.drop();
  }

  private commonEnv(app: AppName, port: number): Record<string, string> {
    return {
      PORT: String(port),
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      JWT_SECRET,
      LOG_LEVEL: 'info',
      EVENT_BUS_EXCHANGE: this.exchange,
      EVENT_BUS_QUEUE: this.queue(app),
      EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
      EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
    };
  }

  private ownEnv(app: AppName): Record<string, string> {
    switch (app) {
      case 'catalog-api':
        return { DATABASE_URL: this.catalogDb.url, OUTBOX_POLL_INTERVAL_MS: '200' };
      case 'basket-api':
        return { REDIS_URL: testEnv.redisUrl, REDIS_KEY_PREFIX: this.redisPrefix };
      case 'ordering-api':
        return {
          DATABASE_URL: this.orderingDb.url,
          OUTBOX_POLL_INTERVAL_MS: '200',
          GRACE_PERIOD_MS: String(GRACE_PERIOD_MS),
          GRACE_PERIOD_CHECK_INTERVAL_MS: '100',
        };
      case 'payment-api':
        return { PAYMENT_SUCCEEDS: 'true' };
    }
  }
}
