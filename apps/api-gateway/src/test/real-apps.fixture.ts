import { Redis } from 'ioredis';
import {
  RabbitMqTestAdmin,
  createTestDatabase,
  startChild,
  testEnv,
  uniqueName,
  waitForChildReady,
  type ChildApp,
  type TestDatabase,
} from '@eshop/testing';
import { TestIdentityProvider, bundleForTest, freePort } from '@eshop/testing';

/** One retry after 100 ms: the only delay queue the apps declare (`<queue>.retry.100`). */
const BUS_RETRY = { EVENT_BUS_MAX_RETRIES: '1', EVENT_BUS_RETRY_INITIAL_MS: '100' };

export interface RunningChild {
  readonly child: ChildApp;
  readonly url: string;
}

/**
 * The real catalog-api and basket-api, built from their sources and run as processes on
 * this run's own database, Redis key prefix, exchange and queues; `close()` removes them.
 */
export class RealApps {
  private readonly builds: Array<ReturnType<typeof bundleForTest>> = [];
  private readonly children: ChildApp[] = [];
  private database?: TestDatabase;
  readonly exchange = uniqueName('gw.events');
  readonly redisPrefix = `${uniqueName('gw_basket')}:`;

  private queue(app: string): string {
    return `${this.exchange}.${app}`;
  }

  async startCatalog(env: Record<string, string> = {}): Promise<RunningChild> {
    this.database ??= await createTestDatabase('gw_catalog');
    return this.start('apps/catalog-api/src/main.ts', {
      DATABASE_URL: this.database.url,
      EVENT_BUS_QUEUE: this.queue('catalog-api'),
      ...env,
    });
  }

  startBasket(env: Record<string, string> = {}): Promise<RunningChild> {
    return this.start('apps/basket-api/src/main.ts', {
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: this.redisPrefix,
      EVENT_BUS_QUEUE: this.queue('basket-api'),
      ...env,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((child) => child.stop('SIGKILL')));
    for (const build of this.builds) build.remove();
    await this.database?.drop();
    const admin = await RabbitMqTestAdmin.open();
    for (const app of ['catalog-api', 'basket-api']) await admin.deleteServiceQueues(this.queue(app), [100]);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    const redis = new Redis(testEnv.redisUrl);
    const keys = await redis.keys(`${this.redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }

  private async start(entry: string, env: Record<string, string>): Promise<RunningChild> {
    const build = bundleForTest(entry);
    this.builds.push(build);
    const port = await freePort();
    const child = startChild(build.file, {
      PORT: String(port),
      // The test file's provider, the one its tokenFor() signs with (gateway.fixture's `identity`).
      ...(await TestIdentityProvider.shared.listen()).env(),
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: this.exchange,
      LOG_LEVEL: 'warn',
      ...BUS_RETRY,
      ...env,
    });
    this.children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitForChildReady(child, `${url}/health/ready`, 30_000).catch((error: unknown) => {
      throw new Error(`${entry} did not become ready: ${String(error)}\n${child.output()}`);
    });
    return { child, url };
  }
}
