// `npm run bench:tracing-variants -- catalog|gateway`: what each part of tracing costs one app,
// one variable at a time. One process per variant (tracing off, the SDK without
// instrumentations, SERVER spans only, everything, at the ratios below) all up at once; wrk
// drives GET /api/catalog/items/1 at each in turn, round after round (alternated, so a drift
// of the machine's load hits all alike), and the app's CPU time per request is the figure,
// with its ratio to tracing off (median of the rounds). `gateway` puts one untraced
// catalog-api behind every gateway variant and charges only the gateway.
// Knobs: BENCH_SECONDS (per run, 5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50),
// TRACING_VARIANTS=off,all-0.1 (names as printed) to run fewer.
import { join } from 'node:path';
import { fmt, median, OtlpReceiver, startChild, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { buildApps, root, startBenchInfra, type BenchInfra } from './bench-infra';
import { envNumber, freePort, print, withCpu, wrk } from './http-load';

const SECONDS = envNumber('BENCH_SECONDS', 5);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 50);
const PATH = '/api/catalog/items/1';
const EVERY_INSTRUMENTATION = 'http,undici,pg,ioredis,pino';

type Env = Record<string, string>;

const traced = (endpoint: string, ratio: string, extra: Env = {}): Env => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: ratio,
  ...extra,
});

/** The variants, by name: tracing off first (the base of every ratio). */
function variants(endpoint: string): Record<string, Env> {
  return {
    off: {},
    'sdk-only-0.1': traced(endpoint, '0.1', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: EVERY_INSTRUMENTATION }),
    'server-spans-0.0': traced(endpoint, '0.0', { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }),
    'all-0.0': traced(endpoint, '0.0'),
    'all-0.1': traced(endpoint, '0.1'),
    'all-1.0': traced(endpoint, '1.0'),
    'all-1.0-json': traced(endpoint, '1.0', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  };
}

async function main(): Promise<void> {
  const app = process.argv[2] ?? 'catalog';
  if (app !== 'catalog' && app !== 'gateway') throw new Error('usage: bench:tracing-variants -- catalog|gateway');
  buildApps('catalog-api', 'api-gateway');
  const infra = await startBenchInfra('tracing_variants');
  const receiver = await OtlpReceiver.start();
  const children: ChildApp[] = [];
  try {
    const asked = (process.env['TRACING_VARIANTS'] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    const all = variants(receiver.endpoint);
    const names = Object.keys(all).filter((name) => name === 'off' || asked.length === 0 || asked.includes(name));
    let upstream = '';
    if (app === 'gateway') {
      const port = await freePort();
      children.push(startChild(join(root, 'dist/apps/catalog-api/main.js'), infra.catalogEnv(port)));
      upstream = `http://127.0.0.1:${port}`;
      await waitForHttpOk(`${upstream}/health/ready`, 180_000);
    }
    const targets: { name: string; url: string; child: ChildApp }[] = [];
    for (const name of names) {
      const port = await freePort();
      const env = app === 'catalog' ? infra.catalogEnv(port) : gatewayEnv(infra, port, upstream);
      const script = join(root, `dist/apps/${app === 'catalog' ? 'catalog-api' : 'api-gateway'}/main.js`);
      const child = startChild(script, { ...env, ...all[name] });
      children.push(child);
      targets.push({ name, url: `http://127.0.0.1:${port}${PATH}`, child });
    }
    await Promise.all(targets.map((target) => waitForHttpOk(target.url, 180_000)));
    print(`${app}: GET ${PATH}, wrk -t2 -c${CONNECTIONS}, ${ROUNDS} × ${SECONDS} s per variant, alternated, after a 3 s warm-up of each`);
    for (const target of targets) await wrk(target.url, 3, CONNECTIONS);
    const cpu = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const figures = await withCpu({ app: target.child.process.pid }, () => wrk(target.url, SECONDS, CONNECTIONS));
        receiver.clear(); // the spans are counted by nobody here: keep the receiver small
        const perRequest = (figures.cpuMsPerRequest['app'] ?? Number.NaN) * 1000;
        cpu.set(target.name, [...(cpu.get(target.name) ?? []), perRequest]);
        print(`  round ${round + 1}  ${target.name.padEnd(18)} ${fmt(figures.rps, 0)} req/s  ${fmt(perRequest, 0)} µs CPU/request`);
      }
    }
    const base = median(cpu.get('off') ?? []);
    print(`\n${app} CPU per request, median of ${ROUNDS} rounds, and the ratio to tracing off`);
    for (const name of names) {
      const value = median(cpu.get(name) ?? []);
      print(`  ${name.padEnd(18)} ${fmt(value, 0)} µs  ×${fmt(value / base, 2)}`);
    }
  } finally {
    for (const child of children.reverse()) await child.stop('SIGTERM');
    await receiver.close();
    await infra.stop();
  }
}

/** A gateway in front of `upstream`, as bench:gateway runs it (rate limit lifted, room for every connection). */
function gatewayEnv(infra: BenchInfra, port: number, upstream: string): Env {
  return {
    ...infra.identity.env(),
    ...infra.gatewayBusEnv,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    CATALOG_URL: upstream,
    RATE_LIMIT_MAX: '1000000000',
    BULKHEAD_MAX_CONCURRENT: String(Math.max(100, CONNECTIONS)),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
