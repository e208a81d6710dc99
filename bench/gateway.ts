// `npm run bench:gateway`: GET /api/catalog/items/1 on one catalog-api upstream, in one run:
//   direct                    catalog-api itself
//   nginx                     1 worker, keep-alive upstream (skipped, saying how to install, if missing)
//   minimal Node proxy        node:http + undici Pool, no logic (bench/minimal-proxy.ts)
//   api-gateway               the real one: auth guard, rate limit, retry, bulkhead, breaker, timeout
// with wrk (2 threads), alternating the four after a warm-up of each, so a change in the
// machine's load hits all alike. Prints req/s, p50/p99, the ratios and each process' CPU time
// per request. Goals: gateway ≥ 0.9 × nginx and ≥ 0.85 × the minimal proxy.
// Knobs (env): BENCH_SECONDS (per run, 10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50). The
// gateway runs with LOG_LEVEL=warn and the rate limit lifted to 10^9 (still checked).
import { join } from 'node:path';
import { fmt, startChild, verdict, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { buildApps, knobs, root, startBenchInfra } from './bench-infra';
import { freePort, hasWrk, print, report, withCpu, wrk, type Figures, type Watched } from './http-load';
import { startMinimalProxy } from './minimal-proxy';
import { NGINX_MISSING, nginxPath, startNginx } from './nginx-baseline';

const { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS } = knobs;
const PATH = '/api/catalog/items/1';

interface Target {
  readonly name: string;
  readonly url: string;
  /** The processes whose CPU time is charged to its requests. */
  readonly watched: () => Watched;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'minimal-proxy') return startMinimalProxy(process.env['UPSTREAM'] ?? '', Number(process.env['PORT']));
  if (!(await hasWrk())) throw new Error('wrk is missing: apt-get install wrk');
  buildApps('catalog-api', 'api-gateway');
  const infra = await startBenchInfra('gateway');
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [catalogPort, gatewayPort, minimalPort, nginxPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const direct = `http://127.0.0.1:${catalogPort}`;
    const start = (script: string, env: Record<string, string>, args: string[] = []): ChildApp => {
      const child = startChild(script, env, args);
      stops.push(() => child.stop('SIGTERM'));
      return child;
    };
    const catalog = start(join(root, 'dist/apps/catalog-api/main.js'), infra.catalogEnv(catalogPort));
    await waitForHttpOk(`${direct}/health/ready`, 180_000);
    const gateway = start(join(root, 'dist/apps/api-gateway/main.js'), {
      ...infra.identity.env(),
      ...infra.gatewayBusEnv,
      LOG_LEVEL: 'warn',
      PORT: String(gatewayPort),
      CATALOG_URL: direct,
      // The bench is one client: lift the per-client limit (still checked); room for every connection.
      RATE_LIMIT_MAX: '1000000000',
      BULKHEAD_MAX_CONCURRENT: String(Math.max(100, CONNECTIONS)),
    });
    const minimal = start(__filename, { UPSTREAM: direct, PORT: String(minimalPort) }, ['minimal-proxy']);
    const cpu = (extra: Watched): (() => Watched) => () => ({ catalog: catalog.process.pid, ...extra });
    const targets: Target[] = [{ name: 'direct catalog', url: direct, watched: cpu({}) }];
    const nginx = nginxPath();
    if (nginx) {
      const server = startNginx(nginx, nginxPort, direct);
      stops.push(() => server.stop());
      targets.push({ name: 'nginx', url: `http://127.0.0.1:${nginxPort}`, watched: () => cpu({ nginx: server.workerPid() })() });
    } else {
      print(NGINX_MISSING);
    }
    targets.push({ name: 'minimal Node proxy', url: `http://127.0.0.1:${minimalPort}`, watched: cpu({ proxy: minimal.process.pid }) });
    targets.push({ name: 'api-gateway', url: `http://127.0.0.1:${gatewayPort}`, watched: cpu({ gateway: gateway.process.pid }) });
    await Promise.all(targets.map((target) => waitForHttpOk(`${target.url}${PATH}`, 180_000)));

    print(`GET ${PATH}: wrk -t2 -c${CONNECTIONS}, ${ROUNDS} × ${SECONDS} s each, alternated, after a 3 s warm-up of each`);
    for (const target of targets) await wrk(`${target.url}${PATH}`, 3, CONNECTIONS);
    const runs = targets.map((): Figures[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, target] of targets.entries()) {
        runs[index]?.push(await withCpu(target.watched(), () => wrk(`${target.url}${PATH}`, SECONDS, CONNECTIONS)));
      }
    }
    const figures = new Map(targets.map((target, index) => [target.name, report(target.name, runs[index] ?? [])]));
    const ours = figures.get('api-gateway') as Figures;
    const ratio = (name: string, goal?: number) => {
      const base = figures.get(name);
      if (!base) return;
      const value = ours.rps / base.rps;
      print(`gateway / ${name}: ${fmt(value, 2)}${goal ? ` (goal ≥ ${goal}: ${verdict(value >= goal)})` : ''}`);
    };
    ratio('nginx', 0.9);
    ratio('minimal Node proxy', 0.85);
    ratio('direct catalog');
    const failures = [...figures.values()].reduce((sum, f) => sum + f.failures, 0);
    if (failures > 0) print(`WARNING: ${failures} failed requests (non-2xx/3xx, socket errors)`);
  } finally {
    for (const stop of stops.reverse()) await stop();
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
