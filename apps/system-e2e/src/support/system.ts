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

export const JWT_SECRET = 'system-e2e-secret-0123456789abcdef';

/** EVENT_BUS_RETRY_INITIAL_MS=100, 2 retries, the bus' ×5 multiplier. */
const RETRY_DELAYS = [100, 500];

/** Builds the two apps the price-change path needs, once per test file. */
export function buildApps(): void {
  buildWorkspaceApps('catalog-api', 'basket-api');
}

/** `catalog` or `basket-<n>` (several basket instances compete on one queue). */
export type Instance = 'catalog' | `basket-${number}`;

/**
 * catalog-api and basket-api instances as child processes (the built `dist/apps/<app>/main.js`)
 * on real Postgres, Redis and RabbitMQ, everything named per run: a database, a Redis key
 * prefix, an exchange and the service queues `<run>.<app>`. `stop()` removes all of it.
 */
export class FaultSystem {
  readonly run = uniqueName('sys');
  readonly exchange = `${this.run}.events`;
  readonly redisPrefix = `${this.run}:`;
  readonly basketQueue = `${this.run}.basket-api`;
  readonly catalogQueue = `${this.run}.catalog-api`;
  private readonly children = new Map<Instance, ChildApp>();
  private readonly ports = new Map<Instance, number>();

  private constructor(readonly catalogDb: TestDatabase) {}

  static async start(baskets = 1): Promise<FaultSystem> {
    const system = new FaultSystem(await createTestDatabase('sys_catalog'));
    await system.startInstance('catalog');
    for (let n = 1; n <= baskets; n++) await system.startInstance(`basket-${n}`);
    return system;
  }

  url(instance: Instance): string {
    return `http://127.0.0.1:${this.ports.get(instance) ?? 0}`;
  }

  /** A running basket instance, for HTTP calls. */
  basketUrl(): string {
    const running = [...this.children.keys()].find((name) => name.startsWith('basket-'));
    if (!running) throw new Error('no basket-api instance is running');
    return this.url(running);
  }

  pid(instance: Instance): number {
    const pid = this.children.get(instance)?.process.pid;
    if (pid === undefined) throw new Error(`${instance} is not running`);
    return pid;
  }

  pids(): number[] {
    return [...this.children.values()].map((child) => child.process.pid ?? 0);
  }

  /** Starts (or restarts on the same port) one instance and waits until it is ready. */
  async startInstance(instance: Instance, overrides: Record<string, string> = {}): Promise<void> {
    const port = this.ports.get(instance) ?? (await freePort());
    this.ports.set(instance, port);
    const app = instance === 'catalog' ? 'catalog-api' : 'basket-api';
    const child = startChild(join(workspaceRoot, 'dist', 'apps', app, 'main.js'), {
      ...this.env(instance, port),
      ...overrides,
    });
    this.children.set(instance, child);
    try {
      await waitForHttpOk(`${this.url(instance)}/health/ready`, 30_000);
    } catch (error) {
      throw new Error(`${instance} did not get ready: ${(error as Error).message}\n${child.output().slice(-2_000)}`);
    }
  }

  /** Stops one instance: SIGKILL is a crash (no shutdown hooks, unacked deliveries requeued). */
  async stopInstance(instance: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.children.get(instance)?.stop(signal);
    this.children.delete(instance);
  }

  output(instance: Instance): string {
    return this.children.get(instance)?.output() ?? '';
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.stopInstance(name)));
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(this.basketQueue, RETRY_DELAYS);
    await admin.deleteServiceQueues(this.catalogQueue, RETRY_DELAYS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    const redis = new Redis(testEnv.redisUrl);
    const keys = await redis.keys(`${this.redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await this.catalogDb.drop();
  }

  private env(instance: Instance, port: number): Record<string, string> {
    const common = {
      PORT: String(port),
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      EVENT_BUS_EXCHANGE: this.exchange,
      EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
      EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
    };
    if (instance === 'catalog') {
      return {
        ...common,
        EVENT_BUS_QUEUE: this.catalogQueue,
        DATABASE_URL: this.catalogDb.url,
        OUTBOX_POLL_INTERVAL_MS: '200',
        // A killed relay's claimed rows come back after the lease: keep it short here.
        OUTBOX_LEASE_MS: '4000',
        // Faults make attempts fail on purpose; none may end as 'failed'.
        OUTBOX_MAX_ATTEMPTS: '10000',
      };
    }
    return {
      ...common,
      EVENT_BUS_QUEUE: this.basketQueue,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: this.redisPrefix,
      // Small batches: a price change fans out in several atomic steps, so a kill lands mid-way.
      PRICE_CHANGE_BATCH_SIZE: '5',
    };
  }
}
