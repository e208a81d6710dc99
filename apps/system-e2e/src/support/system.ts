import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  RabbitMqTestAdmin,
  TestIdentityProvider,
  buildApps,
  createTestDatabase,
  freePort,
  startChild,
  testEnv,
  uniqueName,
  waitForChildReady,
  workspaceRoot,
  type ChildApp,
  type TestDatabase,
} from '@eshop/testing';


/** The services on the bus (each with its queues); the gateway is on none. */
const SERVICES = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api'] as const;
export type AppName = (typeof SERVICES)[number] | 'api-gateway';
/** An app, or a further instance of it (`basket-api#2`) competing on the same queue. */
export type Instance = AppName | `${AppName}#${number}`;

/** EVENT_BUS_RETRY_INITIAL_MS=100, 2 retries, the bus' ×5 multiplier. */
const RETRY_DELAYS = [100, 500];
/** The apps that own a Postgres database (each with an outbox). */
const WITH_DATABASE: readonly AppName[] = ['catalog-api', 'ordering-api', 'payment-api'];

const appOf = (instance: Instance) => instance.split('#')[0] as AppName;

export interface TestSystemOptions {
  /** Extra environment per app, on top of the run's (e.g. OTEL_* for a tracing spec). */
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
}

export interface TestSystemOptions {
  /** Extra environment per app, on top of the run's (e.g. OTEL_* for a tracing spec). */
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
  /** The broker every app uses (e.g. a test's own PrivateBroker); the shared one when absent. */
  readonly rabbitmqUrl?: string;
  /** A fixed free METRICS_PORT per instance (see `metricsPort`), for a Prometheus to scrape. */
  readonly metricsPorts?: boolean;
  /** Ports chosen before the start (e.g. the gateway's, which identity-api must know as its redirect URI). */
  readonly ports?: Partial<Record<Instance, number>>;
}

/**
 * The services as child processes (the built `dist/apps/<app>/main.js`) on real Postgres,
 * Redis and RabbitMQ, everything named per run: a database per app that owns one, a Redis
 * key prefix, an exchange and the service queues `<run>.<app>`. `stop()` removes all of it.
 */
export class TestSystem {
  readonly run = uniqueName('e2e');
  readonly exchange = `${this.run}.events`;
  readonly redisPrefix = `${this.run}:`;
  /** The identity provider of this run (a JWKS on a local port): every app trusts it, support/http.ts signs with it. */
  readonly identity = TestIdentityProvider.shared;
  private readonly children = new Map<Instance, ChildApp>();
  private readonly ports = new Map<Instance, number>();
  private readonly metricsPorts = new Map<Instance, number>();

  private constructor(
    private readonly databases: ReadonlyMap<AppName, TestDatabase>,
    private readonly options: TestSystemOptions = {},
  ) {}

  /** Builds the apps of `instances`, starts every instance and waits until all are ready. */
  static async start(instances: readonly Instance[], options: TestSystemOptions = {}): Promise<TestSystem> {
    const apps = [...new Set(instances.map(appOf))];
    buildApps(...apps);
    const owners = apps.filter((app) => WITH_DATABASE.includes(app));
    const databases = await Promise.all(owners.map((app) => createTestDatabase(`e2e_${app.replace('-api', '')}`)));
    const system = new TestSystem(new Map(owners.map((app, n) => [app, databases[n] as TestDatabase])), options);
    await system.identity.listen();
    // Ports first: the gateway and basket are told where catalog (and the others) listen.
    for (const instance of instances) system.ports.set(instance, options.ports?.[instance] ?? (await freePort()));
    // allSettled, not all: an instance still starting when another fails must not outlive the run.
    const started = await Promise.allSettled(instances.map((instance) => system.startInstance(instance)));
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) {
      await system.stop();
      throw failure.reason;
    }
    return system;
  }

  /** Where `target` listens; an app name picks any running instance of that app. */
  url(target: Instance): string {
    const instance = [...this.children.keys()].find((name) => name === target || appOf(name) === target);
    if (!instance) throw new Error(`no ${target} instance is running`);
    return `http://127.0.0.1:${this.ports.get(instance) ?? 0}`;
  }

  /** The last `chars` an instance printed (for a failing scenario's message). */
  output(instance: Instance, chars = 3_000): string {
    return this.children.get(instance)?.output().slice(-chars) ?? `(${instance} is not running)`;
  }

  pids(): number[] {
    return [...this.children.values()].map((child) => child.process.pid ?? 0);
  }

  /** The process of one running instance (e.g. to SIGSTOP it: stalled, connections kept). */
  pid(instance: Instance): number {
    const pid = this.children.get(instance)?.process.pid;
    if (pid === undefined) throw new Error(`${instance} is not running`);
    return pid;
  }

  queue(app: AppName): string {
    return `${this.run}.${app}`;
  }

  database(app: AppName): TestDatabase {
    const database = this.databases.get(app);
    if (!database) throw new Error(`${app} has no database in this system`);
    return database;
  }

  /** The databases whose outboxes may hold unpublished events. */
  outboxDatabases(): TestDatabase[] {
    return [...this.databases.values()];
  }

  /** Starts (or restarts, on the same port, with `env` on top) one instance; waits until it is ready. */
  async startInstance(instance: Instance, env: Record<string, string> = {}): Promise<void> {
    const port = this.ports.get(instance) ?? this.options.ports?.[instance] ?? (await freePort());
    this.ports.set(instance, port);
    const app = appOf(instance);
    if (this.options.metricsPorts && !this.metricsPorts.has(instance)) this.metricsPorts.set(instance, await freePort());
    const child = startChild(join(workspaceRoot, 'dist', 'apps', app, 'main.js'), {
      ...this.env(app, port, this.metricsPorts.get(instance) ?? 0),
      ...env,
    });
    this.children.set(instance, child);
    try {
      // Generous: several apps start at once on a machine shared with other test runs (a
      // catalog's first start, with its migrations, took over a minute under load).
      await waitForChildReady(child, `${this.url(instance)}/health/ready`, 120_000);
    } catch (error) {
      throw new Error(`${instance} did not get ready: ${(error as Error).message}\n${child.output().slice(-2_000)}`);
    }
  }

  /** The METRICS_PORT of an instance started with `metricsPorts: true`. */
  metricsPort(instance: Instance): number {
    const port = this.metricsPorts.get(instance);
    if (port === undefined) throw new Error(`${instance} has no fixed metrics port (start the system with metricsPorts: true)`);
    return port;
  }

  /** Stops one instance: SIGKILL is a crash (no shutdown hooks, unacked deliveries requeued). */
  async stopInstance(instance: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.children.get(instance)?.stop(signal);
    this.children.delete(instance);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((instance) => this.stopInstance(instance)));
    const admin = await RabbitMqTestAdmin.open(this.options.rabbitmqUrl);
    for (const app of SERVICES) await admin.deleteServiceQueues(this.queue(app), RETRY_DELAYS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    const redis = new Redis(testEnv.redisUrl);
    const keys = await redis.keys(`${this.redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    for (const database of this.databases.values()) await database.drop();
  }

  /** Where the first instance of `app` listens (known before it is started). */
  private urlOf(app: AppName): string {
    const instance = [...this.ports.keys()].find((name) => appOf(name) === app);
    return `http://127.0.0.1:${instance === undefined ? 0 : (this.ports.get(instance) ?? 0)}`;
  }

  private env(app: AppName, port: number, metricsPort: number): Record<string, string> {
    return {
      PORT: String(port),
      // The metrics server defaults to PORT + 1000, which may be another run's port: a free one, or any (0).
      METRICS_PORT: String(metricsPort),
      RABBITMQ_URL: this.options.rabbitmqUrl ?? testEnv.rabbitmqUrl,
      ...this.identity.env(),
      LOG_LEVEL: 'warn',
      EVENT_BUS_EXCHANGE: this.exchange,
      EVENT_BUS_QUEUE: this.queue(app),
      EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
      EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
      ...this.ownEnv(app),
      ...this.options.env?.[app],
    };
  }

  private ownEnv(app: AppName): Record<string, string> {
    switch (app) {
      case 'catalog-api':
        return this.outboxEnv(app);
      case 'basket-api':
        // Small batches: a price change fans out in several atomic steps, so a kill lands mid-way.
        return {
          REDIS_URL: testEnv.redisUrl,
          REDIS_KEY_PREFIX: this.redisPrefix,
          PRICE_CHANGE_BATCH_SIZE: '5',
          CATALOG_URL: this.urlOf('catalog-api'),
        };
      case 'ordering-api':
        return { ...this.outboxEnv(app), GRACE_PERIOD_MS: '300', GRACE_PERIOD_CHECK_INTERVAL_MS: '100' };
      case 'payment-api':
        return { ...this.outboxEnv(app), PAYMENT_SUCCEEDS: 'true' };
      case 'api-gateway':
        return this.gatewayEnv();
    }
  }

  /**
   * Static upstreams of this run. Clients are told apart by X-Forwarded-For (as behind an
   * ingress), and the budgets are wide: specs that count 429s start an instance with their own.
   */
  private gatewayEnv(): Record<string, string> {
    return {
      CATALOG_URL: this.urlOf('catalog-api'),
      BASKET_URL: this.urlOf('basket-api'),
      ORDERING_URL: this.urlOf('ordering-api'),
      TRUST_PROXY: 'true',
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_BURST: '100000',
      RATE_LIMIT_WRITE_MAX: '1000000',
      RATE_LIMIT_WRITE_BURST: '100000',
    };
  }

  /** The database of an app with an outbox, and a relay tuned for faults. */
  private outboxEnv(app: AppName): Record<string, string> {
    return {
      DATABASE_URL: this.database(app).url,
      OUTBOX_POLL_INTERVAL_MS: '200',
      // A killed relay's claimed rows come back after the lease: keep it short here.
      OUTBOX_LEASE_MS: '4000',
      // Faults make attempts fail on purpose; none may end as 'failed'.
      OUTBOX_MAX_ATTEMPTS: '10000',
    };
  }
}
