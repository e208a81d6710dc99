// `npm run bench:gateway`: GET /api/catalog/items/1 straight to catalog-api versus through
// the api-gateway, in one run, with autocannon.
//
// It builds both apps, starts catalog-api on a temporary database (and its own exchange and
// queue) and the gateway in front of it, both as `node dist/apps/<app>/main.js` children with
// LOG_LEVEL=warn, then alternates direct and gateway runs (after a warm-up of each) and
// prints requests/s, p50/p99 latency, the throughput ratio and the p99 the gateway adds.
// Goal: gateway ≥ 0.7 × direct. It removes everything it created. Knobs (env):
// BENCH_SECONDS (per run, 10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  createTestDatabase,
  RabbitMqTestAdmin,
  startChild,
  testEnv,
  uniqueName,
  waitForHttpOk,
  type ChildApp,
  type TestDatabase,
} from '@eshop/testing';
import { fmt, verdict } from '@eshop/testing';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('BENCH_SECONDS', 10);
const ROUNDS = env('BENCH_ROUNDS', 3);
const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
const PATH = '/api/catalog/items/1';
const SECRET = 'bench-gateway-secret-0123456789';
const root = join(__dirname, '..', '..');
const print = (line: string) => process.stdout.write(`${line}\n`);

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
  /** CPU time per request of each watched process (Linux /proc), ms. */
  readonly cpuMsPerRequest: Record<string, number>;
}

/** user + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat, 100 ticks/s). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function load(url: string, seconds: number, watched: Record<string, ChildApp> = {}): Promise<Figures> {
  const before = Object.fromEntries(Object.entries(watched).map(([name, child]) => [name, cpuMs(child.process.pid)]));
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(watched).map(([name, child]) => [name, (cpuMs(child.process.pid) - (before[name] ?? 0)) / result.requests.total]),
  );
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuMsPerRequest,
  };
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${fmt(value)}`;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function report(name: string, runs: Figures[]): Figures {
  const figures = {
    rps: mean(runs.map((r) => r.rps)),
    p50: mean(runs.map((r) => r.p50)),
    p99: mean(runs.map((r) => r.p99)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuMsPerRequest: Object.fromEntries(
      Object.keys(runs[0]?.cpuMsPerRequest ?? {}).map((app) => [app, mean(runs.map((r) => r.cpuMsPerRequest[app] ?? Number.NaN))]),
    ),
  };
  const each = runs.map((r) => fmt(r.rps, 0)).join(', ');
  const cpu = Object.entries(figures.cpuMsPerRequest).map(([app, ms]) => `${app} ${fmt(ms, 3)} ms`).join(', ');
  print(`${name.padEnd(16)} ${fmt(figures.rps, 0).padStart(7)} req/s (runs: ${each})  p50 ${fmt(figures.p50)} ms  p99 ${fmt(figures.p99)} ms  failures ${figures.failures}`);
  print(`${''.padEnd(16)} CPU per request: ${cpu}`);
  return figures;
}

interface System {
  readonly direct: string;
  readonly through: string;
  readonly catalog: ChildApp;
  readonly gateway: ChildApp;
  stop(): Promise<void>;
}

/** Built catalog-api on a temporary database, and the built gateway in front of it. */
async function startSystem(): Promise<System> {
  execFileSync(process.execPath, ['tools/build.mjs', 'catalog-api', 'api-gateway'], { cwd: root, stdio: 'inherit' });
  const exchange = uniqueName('bench.gateway');
  const queue = `${exchange}.catalog-api`;
  const children: ChildApp[] = [];
  const database: TestDatabase = await createTestDatabase('bench_gateway');
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop('SIGTERM')));
    await database.drop();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(queue, [100]);
    await admin.deleteExchange(exchange);
    await admin.close();
  };
  try {
    const [catalogPort, gatewayPort] = [await freePort(), await freePort()];
    const common = { JWT_SECRET: SECRET, LOG_LEVEL: 'warn', RABBITMQ_URL: testEnv.rabbitmqUrl };
    const direct = `http://127.0.0.1:${catalogPort}`;
    const through = `http://127.0.0.1:${gatewayPort}`;
    children.push(
      startChild(join(root, 'dist/apps/catalog-api/main.js'), {
        ...common,
        PORT: String(catalogPort),
        DATABASE_URL: database.url,
        EVENT_BUS_EXCHANGE: exchange,
        EVENT_BUS_QUEUE: queue,
        EVENT_BUS_MAX_RETRIES: '1',
        EVENT_BUS_RETRY_INITIAL_MS: '100',
      }),
    );
    await waitForHttpOk(`${direct}/health/ready`, 60_000);
    children.push(
      startChild(join(root, 'dist/apps/api-gateway/main.js'), {
        ...common,
        PORT: String(gatewayPort),
        CATALOG_URL: direct,
        // The bench is one client: lift the per-client limit; room for every connection.
        RATE_LIMIT_MAX: '1000000000',
        BULKHEAD_MAX_CONCURRENT: String(Math.max(100, CONNECTIONS)),
      }),
    );
    await waitForHttpOk(`${through}/health/ready`, 60_000);
    const [catalog, gateway] = children as [ChildApp, ChildApp];
    return { direct, through, catalog, gateway, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const system = await startSystem();
  try {
    const { direct, through, catalog, gateway } = system;
    print(`GET ${PATH}: ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each way, after a 3 s warm-up of each`);
    await load(`${direct}${PATH}`, 3);
    await load(`${through}${PATH}`, 3);
    const directRuns: Figures[] = [];
    const gatewayRuns: Figures[] = [];
    // Alternated, so that a change in the machine's load hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      directRuns.push(await load(`${direct}${PATH}`, SECONDS, { catalog }));
      gatewayRuns.push(await load(`${through}${PATH}`, SECONDS, { catalog, gateway }));
    }
    const d = report('direct catalog', directRuns);
    const g = report('through gateway', gatewayRuns);
    const ratio = g.rps / d.rps;
    print(`throughput ratio gateway/direct: ${fmt(ratio, 2)} (goal ≥ 0.70: ${verdict(ratio >= 0.7)})`);
    print(`latency added by the gateway: p50 ${signed(g.p50 - d.p50)} ms, p99 ${signed(g.p99 - d.p99)} ms`);
    if (d.failures + g.failures > 0) print(`WARNING: ${d.failures + g.failures} failed requests (non-2xx, errors, timeouts)`);
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
