// `npm run bench:tracing-variants -- catalog|gateway`: what each part of tracing costs one app,
// one variable at a time (tracing off, the SDK without instrumentations, SERVER spans only,
// everything but pg, everything, at the ratios below). The figure is the app's CPU time per
// request of GET /api/catalog/items/1, and its ratio to tracing off. `gateway` puts one
// untraced catalog-api behind every gateway variant and charges only the gateway.
//
// Each process keeps a speed of its own for its whole life (up to ±10 % on the same code), and
// the machine drifts between rounds by as much: every variant runs in BENCH_PROCESSES
// processes, and a variant's ratio is the median of per-round ratios (its runs in a round over
// tracing off's runs in the same round), printed with their range.
//   - default: wrk at saturation drives each process in turn, in a new random order each round;
//   - BENCH_RATE=100: every process at once, each at that fixed rate (hey). Below saturation a
//     request's CPU does not depend on how the two cores are shared, and processes measured
//     over the same seconds share every drift of the machine (keep the sum of the rates well
//     below what the cores can serve). The per-request figure then includes the app's idle
//     work spread over fewer requests, so it is higher than at saturation.
// Knobs: BENCH_SECONDS (per run, 5), BENCH_ROUNDS (3), BENCH_PROCESSES (2), BENCH_CONNECTIONS (50),
// BENCH_RATE, BENCH_WARMUP_SECONDS (3), TRACING_VARIANTS=all-0.0,all-0.1 (names as printed; off always runs),
// BENCH_NODE_ARGS (node and V8 flags of every measured process, tracing off included, e.g.
// `--no-flush-bytecode` or `--always-sparkplug`: does code run rarely cost more than code run often?).
import { join } from 'node:path';
import { fmt, median, OtlpSink, startChild, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { buildApps, root, startBenchInfra, startCatalog } from './bench-infra';
import { atRate, envNumber, freePort, hasHey, print, withCpu, wrk, type Figures } from './http-load';

const SECONDS = envNumber('BENCH_SECONDS', 5);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);
const PROCESSES = envNumber('BENCH_PROCESSES', 2);
const RATE = envNumber('BENCH_RATE', 0);
const WARMUP = envNumber('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 50);
const PATH = '/api/catalog/items/1';
const EVERY_INSTRUMENTATION = 'http,undici,pg,ioredis,pino';
const NODE_ARGS = (process.env['BENCH_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean);

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
    'server-spans-0.1': traced(endpoint, '0.1', { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }),
    'server-spans-1.0': traced(endpoint, '1.0', { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }),
    'all-0.0': traced(endpoint, '0.0'),
    'all-0.01': traced(endpoint, '0.01'),
    'all-0.1': traced(endpoint, '0.1'),
    'all-0.3': traced(endpoint, '0.3'),
    'all-1.0': traced(endpoint, '1.0'),
    'no-pg-0.0': traced(endpoint, '0.0', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }),
    'no-pg-0.1': traced(endpoint, '0.1', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }),
    'no-pg-1.0': traced(endpoint, '1.0', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }),
    'all-0.1-export-200ms': traced(endpoint, '0.1', { OTEL_BSP_SCHEDULE_DELAY: '200' }),
    'all-1.0-json': traced(endpoint, '1.0', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  };
}

async function main(): Promise<void> {
  const app = process.argv[2] ?? 'catalog';
  if (app !== 'catalog' && app !== 'gateway') throw new Error('usage: bench:tracing-variants -- catalog|gateway');
  if (RATE > 0 && !(await hasHey())) throw new Error('BENCH_RATE needs hey (apt-get install hey)');
  const load = (url: string, seconds: number) => (RATE > 0 ? atRate(url, seconds, RATE) : wrk(url, seconds, CONNECTIONS));
  buildApps('catalog-api', 'api-gateway');
  const infra = await startBenchInfra('tracing_variants');
  const receiver = await OtlpSink.start();
  const children: ChildApp[] = [];
  try {
    const asked = (process.env['TRACING_VARIANTS'] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    const all = variants(receiver.endpoint);
    const names = Object.keys(all).filter((name) => name === 'off' || asked.length === 0 || asked.includes(name));
    let upstream = '';
    if (app === 'gateway') {
      const catalog = await startCatalog(infra);
      children.push(catalog.child);
      upstream = catalog.url;
    }
    const targets: Target[] = [];
    for (let instance = 0; instance < PROCESSES; instance++) {
      for (const name of names) {
        const port = await freePort();
        const env = app === 'catalog' ? infra.catalogEnv(port) : infra.gatewayEnv(port, upstream, Math.max(100, CONNECTIONS));
        const script = join(root, `dist/apps/${app === 'catalog' ? 'catalog-api' : 'api-gateway'}/main.js`);
        const child = startChild(script, { ...env, ...all[name] }, [], NODE_ARGS);
        children.push(child);
        targets.push({ name, url: `http://127.0.0.1:${port}${PATH}`, child });
      }
    }
    await Promise.all(targets.map((target) => waitForHttpOk(target.url, 180_000)));
    const flags = NODE_ARGS.length > 0 ? ` (node ${NODE_ARGS.join(' ')})` : '';
    print(
      RATE > 0
        ? `${app}: GET ${PATH}${flags}, every process at once at ${RATE} req/s (hey), ${PROCESSES} processes per variant, ${ROUNDS} rounds × ${SECONDS} s, after a ${WARMUP} s warm-up`
        : `${app}: GET ${PATH}${flags}, wrk -t2 -c${CONNECTIONS}, ${PROCESSES} processes per variant, ${ROUNDS} rounds × ${SECONDS} s per process in a new random order each round, after a ${WARMUP} s warm-up of each`,
    );
    if (RATE > 0) await Promise.all(targets.map((target) => load(target.url, WARMUP)));
    else for (const target of targets) await load(target.url, WARMUP);
    // Per round: each variant's runs, so that a ratio compares runs made close in time.
    const rounds: Array<Map<string, { cpu: number[]; rps: number[] }>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const runs = new Map<string, { cpu: number[]; rps: number[] }>();
      rounds.push(runs);
      const record = (target: Target, figures: Figures) => {
        const perRequest = (figures.cpuMsPerRequest['app'] ?? Number.NaN) * 1000;
        const entry = runs.get(target.name) ?? { cpu: [], rps: [] };
        entry.cpu.push(perRequest);
        entry.rps.push(figures.rps);
        runs.set(target.name, entry);
        print(`  round ${round + 1}  ${target.name.padEnd(18)} pid ${target.child.process.pid}  ${fmt(figures.rps, 0)} req/s  ${fmt(perRequest, 0)} µs CPU/request`);
      };
      if (RATE > 0) {
        // Every process at once, each at the fixed rate: all share the same moment of the machine.
        const figures = await Promise.all(targets.map((target) => withCpu({ app: target.child.process.pid }, () => load(target.url, SECONDS))));
        targets.forEach((target, index) => record(target, figures[index] as Figures));
      } else {
        for (const target of shuffled(targets)) record(target, await withCpu({ app: target.child.process.pid }, () => load(target.url, SECONDS)));
      }
    }
    // The machine drifts between rounds by more than tracing costs: each round's median of a
    // variant is divided by the same round's median of tracing off, and the figure is the
    // median of those per-round ratios (with their range).
    const ratios = (name: string, figure: 'cpu' | 'rps') =>
      rounds.map((runs) => median(runs.get(name)?.[figure] ?? []) / median(runs.get('off')?.[figure] ?? []));
    const overall = (name: string, figure: 'cpu' | 'rps') => median(rounds.flatMap((runs) => runs.get(name)?.[figure] ?? []));
    const range = (values: number[]) => `${fmt(Math.min(...values), 2)}–${fmt(Math.max(...values), 2)}`;
    print(`\n${app}: median of ${PROCESSES * ROUNDS} runs per variant (${PROCESSES} processes × ${ROUNDS} rounds); ratio to tracing off = median of the per-round ratios [their range]`);
    for (const name of names) {
      const cpuRatios = ratios(name, 'cpu');
      const rpsRatios = ratios(name, 'rps');
      print(
        `  ${name.padEnd(18)} ${fmt(overall(name, 'cpu'), 0)} µs CPU/request ×${fmt(median(cpuRatios), 2)} [${range(cpuRatios)}]   ` +
          `${fmt(overall(name, 'rps'), 0)} req/s ×${fmt(median(rpsRatios), 2)} [${range(rpsRatios)}]`,
      );
    }
  } finally {
    for (const child of children.reverse()) await child.stop('SIGTERM');
    await receiver.close();
    await infra.stop();
  }
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly child: ChildApp;
}

/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
