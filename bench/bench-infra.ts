// What bench:catalog and bench:gateway share: the knobs, the built apps, and catalog-api's
// surroundings (its own database, exchange and queue, a TestIdentityProvider for tokens),
// all removed again by `stop()`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, RabbitMqTestAdmin, startChild, testEnv, TestIdentityProvider, uniqueName, waitForHttpOk, type ChildApp, type TestDatabase } from '@eshop/testing';
import { envNumber, freePort } from './http-load';

export const root = join(__dirname, '..', '..');

/**
 * Bundles a bench entry like tools/run-ts.mjs does, under a per-run name in dist/tools/: for a
 * preload (`node --require`) or a child process of a bench. `remove` deletes it again.
 */
export function bundled(entry: string): { file: string; remove: () => void } {
  const outfile = join('dist', 'tools', `${randomBytes(5).toString('hex')}-${entry.replaceAll('/', '-').replace(/\.ts$/, '.js')}`);
  const script = `import { bundle } from './tools/bundle.mjs'; await bundle(${JSON.stringify(entry)}, ${JSON.stringify(outfile)});`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'inherit' });
  const file = join(root, outfile);
  return { file, remove: () => ['', '.map'].forEach((suffix) => rmSync(`${file}${suffix}`, { force: true })) };
}

/** BENCH_SECONDS (per run, 10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50). */
export const knobs = {
  seconds: envNumber('BENCH_SECONDS', 10),
  rounds: envNumber('BENCH_ROUNDS', 3),
  connections: envNumber('BENCH_CONNECTIONS', 50),
};

/**
 * The bus' retry schedule of the apps a bench starts with a service queue (catalog-api here,
 * all five in the saga), set in their environment so that the bench knows which
 * `<queue>.retry.<ms>` queues they declare, and removes them again. The bus multiplies the
 * delay by 5 per retry (libs/event-bus-rabbitmq, retryDelays): 1, 5 and 25 s.
 */
export const BENCH_RETRY_DELAYS_MS = [1_000, 5_000, 25_000] as const;
export const benchRetryEnv = {
  EVENT_BUS_MAX_RETRIES: String(BENCH_RETRY_DELAYS_MS.length),
  EVENT_BUS_RETRY_INITIAL_MS: String(BENCH_RETRY_DELAYS_MS[0]),
};

/** `node tools/build.mjs <apps>`: the benches run what `npm run build` ships. */
export function buildApps(...apps: string[]): void {
  execFileSync(process.execPath, ['tools/build.mjs', ...apps], { cwd: root, stdio: 'inherit' });
}

/** A built catalog-api (untraced, relay off) on a free port, once it is ready; its base URL. */
export async function startCatalog(infra: BenchInfra): Promise<{ readonly child: ChildApp; readonly url: string }> {
  const port = await freePort();
  const child = startChild(join(root, 'dist/apps/catalog-api/main.js'), infra.catalogEnv(port));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/health/ready`, 180_000);
  return { child, url };
}

export interface BenchInfra {
  readonly database: TestDatabase;
  readonly identity: TestIdentityProvider;
  /** The environment of a catalog-api on PORT `port`: quiet, relay off (the baselines publish nothing). */
  catalogEnv(port: number): Record<string, string>;
  /**
   * The gateway's event bus (live order status) on the bench's own exchange: it consumes no
   * other run's events (their CPU would be charged to its requests) and leaves no queue behind.
   */
  readonly gatewayBusEnv: Record<string, string>;
  /**
   * A gateway on PORT `port` in front of the catalog at `upstream`, as the benches run it: quiet,
   * the rate limit lifted to 10^9 (still checked), a bulkhead of `concurrency` calls.
   */
  gatewayEnv(port: number, upstream: string, concurrency: number): Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchInfra(name: string): Promise<BenchInfra> {
  const exchange = uniqueName(`bench.${name}`);
  const queue = `${exchange}.catalog-api`;
  const gatewayQueue = `${exchange}.api-gateway`;
  const database = await createTestDatabase(`bench_${name}`);
  const identity = await TestIdentityProvider.start();
  return {
    database,
    identity,
    catalogEnv: (port) => ({
      ...identity.env(),
      LOG_LEVEL: 'warn',
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      PORT: String(port),
      DATABASE_URL: database.url,
      EVENT_BUS_EXCHANGE: exchange,
      EVENT_BUS_QUEUE: queue,
      ...benchRetryEnv,
      OUTBOX_RELAY: 'off',
    }),
    gatewayBusEnv: { RABBITMQ_URL: testEnv.rabbitmqUrl, EVENT_BUS_EXCHANGE: exchange, EVENT_BUS_QUEUE: gatewayQueue },
    gatewayEnv: (port, upstream, concurrency) => ({
      ...identity.env(),
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: exchange,
      EVENT_BUS_QUEUE: gatewayQueue,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      CATALOG_URL: upstream,
      RATE_LIMIT_MAX: '1000000000',
      BULKHEAD_MAX_CONCURRENT: String(concurrency),
    }),
    stop: async () => {
      await identity.stop();
      await database.drop();
      const admin = await RabbitMqTestAdmin.open();
      await admin.deleteServiceQueues(queue, BENCH_RETRY_DELAYS_MS);
      await admin.deleteQueues(`${gatewayQueue}.broadcast.parking`);
      await admin.deleteExchange(exchange);
      await admin.close();
    },
  };
}
