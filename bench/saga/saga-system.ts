// The whole shop for bench:saga and the soak: the five built apps as child processes on the
// local Postgres, Redis and RabbitMQ, every name per run (databases, Redis prefix, exchange,
// queues), a JWKS identity provider for the tokens, and a stop() that removes all of it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { subscriberQueues } from '@eshop/contracts';
import type { ChildApp, TestDatabase } from '@eshop/testing';
import { RabbitMqTestAdmin, TestIdentityProvider, createTestDatabase, freePort } from '@eshop/testing';
import { startChild, testEnv, uniqueName, waitForHttpOk } from '@eshop/testing';
import { BENCH_RETRY_DELAYS_MS, benchRetryEnv } from '../bench-infra';

/** Run bundled from dist/tools/ (tools/run-ts.mjs): the workspace is two levels up. */
const workspaceRoot = join(__dirname, '..', '..');

export const SAGA_APPS = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api', 'api-gateway'] as const;
export type SagaApp = (typeof SAGA_APPS)[number];

export class SagaSystem {
  readonly run = uniqueName('saga');
  readonly exchange = `${this.run}.events`;
  /** Clients call basket-api and catalog-api themselves instead of the gateway (`--direct`). */
  readonly direct = process.argv.includes('--direct');
  private readonly children = new Map<SagaApp, ChildApp>();
  private readonly ports = new Map<SagaApp, number>();
  private readonly metricsPorts = new Map<SagaApp, number>();

  private constructor(
    readonly catalogDb: TestDatabase,
    readonly orderingDb: TestDatabase,
    /** payment-api keeps its refunds in a database of its own. */
    private readonly paymentDb: TestDatabase,
    private readonly identity: TestIdentityProvider,
  ) {}

  /** Builds and starts every app (ordering with `orderingEnv` on top); all ready or none left running. */
  static async start(orderingEnv: Record<string, string>): Promise<SagaSystem> {
    execFileSync(process.execPath, ['tools/build.mjs', ...SAGA_APPS], { cwd: workspaceRoot, stdio: 'inherit' });
    const [catalogDb, orderingDb, paymentDb] = await Promise.all(
      ['saga_catalog', 'saga_ordering', 'saga_payment'].map((name) => createTestDatabase(name)),
    );
    const system = new SagaSystem(catalogDb as TestDatabase, orderingDb as TestDatabase, paymentDb as TestDatabase, await TestIdentityProvider.start());
    for (const app of SAGA_APPS) {
      system.ports.set(app, await freePort());
      system.metricsPorts.set(app, await freePort());
    }
    try {
      await Promise.all(SAGA_APPS.map((app) => system.launch(app, app === 'ordering-api' ? orderingEnv : {})));
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  url(app: SagaApp): string {
    return `http://127.0.0.1:${this.ports.get(app) ?? 0}`;
  }

  /** The app's Prometheus endpoint (METRICS_PORT). */
  metricsUrl(app: SagaApp): string {
    return `http://127.0.0.1:${this.metricsPorts.get(app) ?? 0}/metrics`;
  }

  pid(app: SagaApp): number {
    return this.children.get(app)?.process.pid ?? 0;
  }

  /** ordering-api's own service queue. */
  get orderingQueue(): string {
    return `${this.run}.ordering-api`;
  }

  /** Service queues and their parking queues (the broker's view of every subscriber). */
  queues(): { service: string; queue: string; parking: string }[] {
    return subscriberQueues().map(({ service }) => ({
      service,
      queue: `${this.run}.${service}`,
      parking: `${this.run}.${service}.parking`,
    }));
  }

  /** A signed access token (ES256, the run's JWKS) for `sub`, valid for the run. */
  token(sub: string, roles: readonly string[] = []): Promise<string> {
    return this.identity.token({ sub, name: `Buyer ${sub}`, roles }, { expiresInSeconds: 4 * 3600 });
  }

  output(app: SagaApp, chars = 2_000): string {
    return this.children.get(app)?.output().slice(-chars) ?? '';
  }

  /** SIGKILL to every app, synchronously (for a process about to exit). */
  kill(): void {
    for (const child of this.children.values()) child.process.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.values()].map((child) => child.stop()));
    this.children.clear();
    const admin = await RabbitMqTestAdmin.open();
    for (const { queue } of this.queues()) await admin.deleteServiceQueues(queue, BENCH_RETRY_DELAYS_MS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    const redis = new Redis(testEnv.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.run}:*`, 'COUNT', 1_000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    await Promise.all([this.catalogDb, this.orderingDb, this.paymentDb].map((database) => database.drop()));
    await this.identity.stop();
  }

  private async launch(app: SagaApp, extra: Record<string, string>): Promise<void> {
    const child = startChild(join(workspaceRoot, 'dist', 'apps', app, 'main.js'), { ...this.envOf(app), ...extra });
    this.children.set(app, child);
    try {
      await waitForHttpOk(`${this.url(app)}/health/ready`, 180_000);
    } catch (error) {
      throw new Error(`${app} did not get ready: ${(error as Error).message}\n${child.output().slice(-2_000)}`);
    }
  }

  private envOf(app: SagaApp): Record<string, string> {
    const base = {
      PORT: String(this.ports.get(app)),
      METRICS_PORT: String(this.metricsPorts.get(app)),
      LOG_LEVEL: 'warn',
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: this.exchange,
      EVENT_BUS_QUEUE: `${this.run}.${app}`,
      ...benchRetryEnv,
      ...this.identity.env(),
    };
    const upstreams = { CATALOG_URL: this.url('catalog-api'), BASKET_URL: this.url('basket-api'), ORDERING_URL: this.url('ordering-api') };
    switch (app) {
      case 'catalog-api':
        return { ...base, DATABASE_URL: this.catalogDb.url };
      case 'ordering-api':
        return { ...base, DATABASE_URL: this.orderingDb.url };
      case 'basket-api':
        return { ...base, REDIS_URL: testEnv.redisUrl, REDIS_KEY_PREFIX: `${this.run}:`, CATALOG_URL: upstreams.CATALOG_URL };
      case 'payment-api':
        return { ...base, DATABASE_URL: this.paymentDb.url, PAYMENT_SUCCEEDS: 'true' };
      case 'api-gateway':
        // One client machine drives 40 buyers: no rate limit may shape the load.
        return { ...base, ...upstreams, RATE_LIMIT_MAX: '100000000', RATE_LIMIT_WRITE_MAX: '100000000' };
    }
  }
}
