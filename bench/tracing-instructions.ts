// `npm run bench:tracing-instructions -- gateway|catalog`: what tracing costs one app, counted in
// CPU instructions (valgrind's callgrind) rather than CPU seconds. On the 2-core machines the
// CPU time of the same code moves by ±10 % between processes and rounds (docs/benchmarks.md),
// more than the effect asked about; an instruction count is the same for the same work
// whatever else the machine runs, so two variants can be compared in one process each.
//
// Per variant: the app starts under `valgrind --tool=callgrind --instr-atstart=no` (about 5×
// slower until counting starts), takes a warm-up of requests, then counts its instructions, in
// every thread, over BENCH_REQUESTS requests of GET /api/catalog/items/1 sent by hey with
// BENCH_CONCURRENCY connections (under valgrind the app is the bottleneck: every event-loop turn
// finds requests waiting, as at saturation). The app's idle work (timers, heartbeats: the same
// instructions per second whatever the load) is counted over BENCH_IDLE_SECONDS with no request
// and subtracted, pro rata, from the loaded count, because under valgrind a request takes
// ~50× longer and would carry 50× its share of it. `gateway` puts one untraced catalog-api
// (not under valgrind) behind the gateway.
//
// What it cannot tell: time. Instructions in the kernel (the sockets' system calls, a large
// share of a proxy's CPU) are not counted, nor cache misses, so the ratios here are of the
// user-space work, larger than the ratios of CPU time. And V8's optimizing compiler is still at
// work after any warm-up that fits in minutes under valgrind (natively it settles within a
// minute at 300 req/s), on code paths that run rarely most of all — at ratio 0.1 the sampled
// path runs on one request in ten, so it is optimized ten times later. Each figure is printed
// twice: everything, and without the instructions of the optimizing compiler's own functions
// (`v8::internal::compiler::*`), which is the steady state's figure; and the part of the latter
// spent in the garbage collector is printed beside it.
//
// The app runs with V8's `--predictable` (BENCH_NODE_ARGS replaces it): no concurrent compiler,
// marker or sweeper threads, so the same code does the same work in the same order. With it,
// two processes of the same variant gave 557 and 558 k instructions per request without the
// compiler; without it, tracing off gave 706 and 721 k in all in two runs of the same settings.
// The count still moves with garbage collection: natively a scavenge comes about every 200
// requests, and a full collection now and then (under valgrind also from V8's memory reducer,
// which takes the slowed process for an idle one), so a short counted run catches more or fewer
// of them by chance, and other load on the machine changes when. Four runs of 0.0 with 2,000
// counted requests gave 557 to 733 k; the difference sat in the scavenger (docs/benchmarks.md,
// 2026-12-01 evening). Hence the long defaults, a quiet machine, and the garbage collector's
// share printed apart (`--no-memory-reducer` in BENCH_NODE_ARGS removes the reducer's part).
// BENCH_KEEP_DUMPS=1 keeps the dump files, for `callgrind_annotate`.
// Knobs: TRACING_VARIANTS (off,0.0,0.1,1.0; `0.1:http,undici` enables only those instrumentations;
// `0.1:none` none of them; `0.1/json` exports over http/json instead of http/protobuf;
// `off+require=/path/preload.js` adds a preload), BENCH_REQUESTS (10000), BENCH_WARMUP_REQUESTS (20000),
// BENCH_CONCURRENCY (8), BENCH_IDLE_SECONDS (5), TRACING_ROUNDS (1: processes per variant),
// BENCH_FLUSH_SECONDS (6: after the warm-up, and after the counted requests before the count is
// read, so that the export of their spans is counted with them and not with idle).
// Needs valgrind and hey (`apt-get install valgrind hey`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fmt, median, OtlpSink, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { buildApps, root, startBenchInfra, startCatalog, type BenchInfra } from './bench-infra';
import { envNumber, freePort, hasHey, print } from './http-load';

const run = promisify(execFile);
// hey sends n / c requests per connection, rounded down: counts are kept multiples of c.
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 8);
const REQUESTS = Math.max(1, Math.floor(envNumber('BENCH_REQUESTS', 10_000) / CONCURRENCY)) * CONCURRENCY;
const WARMUP = Math.max(1, Math.floor(envNumber('BENCH_WARMUP_REQUESTS', 20_000) / CONCURRENCY)) * CONCURRENCY;
const IDLE_SECONDS = envNumber('BENCH_IDLE_SECONDS', 5);
const ROUNDS = envNumber('TRACING_ROUNDS', 1);
// The batch span processor exports within OTEL_BSP_SCHEDULE_DELAY (5 s).
const FLUSH_SECONDS = envNumber('BENCH_FLUSH_SECONDS', 6);
const PATH = '/api/catalog/items/1';
const NODE_ARGS = (process.env['BENCH_NODE_ARGS'] ?? '--predictable').split(/\s+/).filter(Boolean);

type Env = Record<string, string>;

function variantEnv(variant: string, endpoint: string): Env {
  const [name = variant, preload] = variant.split('+require=');
  if (preload) return { ...variantEnv(name, endpoint), NODE_OPTIONS: `--require ${preload}` };
  if (name === 'off') return {};
  const [sampling = name, protocol = 'protobuf'] = name.split('/');
  const [ratio, extra] = sampling.split(':');
  const env: Env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: `http/${protocol}`,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: ratio ?? '1.0',
  };
  // `0.1:http,undici` — only those instrumentations.
  if (extra !== undefined) env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'] = extra;
  return env;
}

/** callgrind_control against one valgrind'ed process. */
const control = (pid: number, ...args: string[]) => run('callgrind_control', [...args, String(pid)]);

interface Count {
  readonly total: number;
  /** In V8's optimizing compiler (TurboFan): see the header. */
  readonly compiler: number;
  /** In V8's garbage collector (scavenges, marking, sweeping): what the requests' allocations cost later. */
  readonly gc: number;
}

/** The collector's own functions, by the words V8 names them with (write barriers stay with the code that stores). */
const GC_FUNCTION = /v8::internal::\S*(Scaveng|MarkCompact|Marking|Sweep|Evacuat|Pretenuring|SemiSpace|GCTracer|CollectGarbage)/;

/** Dumps the counts since the last zeroing (a dump zeroes them) and reads the new dump file. */
async function dump(pid: number, dir: string, tag: string): Promise<Count> {
  const before = new Set(readdirSync(dir));
  await control(pid, '--dump');
  const fresh = readdirSync(dir).filter((name) => name.startsWith(`callgrind.${tag}.`) && !before.has(name));
  if (fresh.length !== 1) throw new Error(`${tag}: expected one new dump file, found ${fresh.length}`);
  const file = join(dir, fresh[0] as string);
  const total = Number(/^(?:totals|summary):\s+(\d+)/m.exec(readFileSync(file, 'utf8'))?.[1]);
  if (!Number.isFinite(total)) throw new Error(`${tag}: no totals in ${file}`);
  // `callgrind_annotate` lists each function's own (self) count.
  const { stdout } = await run('callgrind_annotate', ['--threshold=100', file], { maxBuffer: 1 << 26 });
  let compiler = 0;
  let gc = 0;
  for (const line of stdout.split('\n')) {
    const match = /^\s*([\d,]+)\s+\([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (!match) continue;
    const name = match[2] ?? '';
    const count = Number((match[1] ?? '0').replaceAll(',', ''));
    if (name.includes('v8::internal::compiler::')) compiler += count;
    else if (GC_FUNCTION.test(name)) gc += count;
  }
  return { total, compiler, gc };
}

async function hey(url: string, requests: number): Promise<{ seconds: number; failures: number }> {
  const started = performance.now();
  const { stdout } = await run('hey', ['-n', String(requests), '-c', String(CONCURRENCY), '-t', '120', url], { maxBuffer: 1 << 22 });
  const seconds = (performance.now() - started) / 1000;
  const ok = Number(/\[200\]\s+(\d+) responses/.exec(stdout)?.[1] ?? 0);
  if (ok !== requests) process.stderr.write(stdout.slice(stdout.indexOf('Status code distribution')) + '\n');
  return { seconds, failures: requests - ok };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Counted {
  readonly perRequest: number;
  /** Less what V8's optimizing compiler did meanwhile. */
  readonly perRequestCompiled: number;
  /** Of perRequest, in the garbage collector. */
  readonly perRequestGc: number;
  readonly idlePerSecond: number;
  readonly seconds: number;
}

async function countOne(script: string, env: Env, url: string, dir: string, tag: string): Promise<Counted> {
  const out = join(dir, `callgrind.${tag}.%p`);
  const child: ChildProcess = spawn(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', '--trace-children=no', `--callgrind-out-file=${out}`, process.execPath, ...NODE_ARGS, script],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid as number;
  try {
    await waitForHttpOk(url, 900_000).catch((error: unknown) => {
      throw new Error(`${tag} never answered: ${String(error)}\n${stderr}`);
    });
    await hey(url, WARMUP);
    await sleep(FLUSH_SECONDS * 1000); // the warm-up's spans exported before idle is counted
    // Idle: the instructions of IDLE_SECONDS with no request.
    await control(pid, '--instr=on');
    await control(pid, '--zero');
    const idleStarted = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const idle = await dump(pid, dir, tag);
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const loadStarted = performance.now();
    const loaded = await hey(url, REQUESTS);
    await sleep(FLUSH_SECONDS * 1000); // the counted requests' spans exported, and counted
    const counted = await dump(pid, dir, tag);
    const loadedSeconds = (performance.now() - loadStarted) / 1000;
    if (loaded.failures > 0) throw new Error(`${tag}: ${loaded.failures} of ${REQUESTS} requests failed`);
    const idlePerSecond = idle.total / idleSeconds;
    // Per counted request: what the loaded run counted, less its duration's share of idle work.
    const less = (loadedCount: number, idleCount: number) => (loadedCount - (idleCount / idleSeconds) * loadedSeconds) / REQUESTS;
    const perRequest = less(counted.total, idle.total);
    return {
      perRequest,
      perRequestCompiled: perRequest - less(counted.compiler, idle.compiler),
      perRequestGc: less(counted.gc, idle.gc),
      idlePerSecond,
      seconds: loaded.seconds,
    };
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

async function main(): Promise<void> {
  const app = process.argv[2] ?? 'gateway';
  if (app !== 'catalog' && app !== 'gateway') throw new Error('usage: bench:tracing-instructions -- gateway|catalog');
  if (!(await hasHey())) throw new Error('needs hey (apt-get install hey)');
  await run('valgrind', ['--version']).catch(() => {
    throw new Error('needs valgrind (apt-get install valgrind)');
  });
  const names = (process.env['TRACING_VARIANTS'] ?? 'off,0.0,0.1,1.0').split(',').map((name) => name.trim()).filter(Boolean);
  buildApps('catalog-api', 'api-gateway');
  const infra = await startBenchInfra('tracing_instructions');
  const receiver = await OtlpSink.start();
  const dir = mkdtempSync(join(tmpdir(), 'tracing-instructions-'));
  const children: ChildApp[] = [];
  try {
    let upstream = '';
    if (app === 'gateway') {
      const catalog = await startCatalog(infra);
      children.push(catalog.child);
      upstream = catalog.url;
    }
    const script = join(root, `dist/apps/${app === 'catalog' ? 'catalog-api' : 'api-gateway'}/main.js`);
    print(`${app}: GET ${PATH} under callgrind, ${WARMUP} warm-up requests, then ${REQUESTS} counted (hey -c ${CONCURRENCY}), less ${IDLE_SECONDS} s of idle work pro rata; ${ROUNDS} process(es) per variant`);
    const results = new Map<string, { all: number[]; compiled: number[]; gc: number[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of names) {
        const port = await freePort();
        const env = { ...(app === 'catalog' ? infra.catalogEnv(port) : gatewayTimeoutless(infra, port, upstream)), ...variantEnv(name, receiver.endpoint) };
        const counted = await countOne(script, env, `http://127.0.0.1:${port}${PATH}`, dir, `${name.replace(/[^\w.]/g, '_')}-${round}`);
        const entry = results.get(name) ?? { all: [], compiled: [], gc: [] };
        entry.all.push(counted.perRequest);
        entry.compiled.push(counted.perRequestCompiled);
        entry.gc.push(counted.perRequestGc);
        results.set(name, entry);
        print(
          `  ${name.padEnd(20)} ${fmt(counted.perRequest / 1000, 0)} k instructions/request, ${fmt(counted.perRequestCompiled / 1000, 0)} k without the optimizing compiler, of which ${fmt(counted.perRequestGc / 1000, 0)} k in the garbage collector  (idle ${fmt(counted.idlePerSecond / 1e6, 1)} M/s, counted run ${fmt(counted.seconds, 0)} s)`,
        );
      }
    }
    const figure = (name: string, which: 'all' | 'compiled' | 'gc') => median(results.get(name)?.[which] ?? []);
    print(`\n${app}: instructions per request, median of ${ROUNDS} process(es): all | without the optimizing compiler; ratio to tracing off | of that, in the garbage collector`);
    for (const name of names) {
      const all = figure(name, 'all');
      const compiled = figure(name, 'compiled');
      const gc = figure(name, 'gc');
      print(
        `  ${name.padEnd(20)} ${fmt(all / 1000, 0)} k ×${fmt(all / figure('off', 'all'), 3)}   |   ${fmt(compiled / 1000, 0)} k ×${fmt(compiled / figure('off', 'compiled'), 3)}   |   ${fmt(gc / 1000, 1)} k`,
      );
    }
  } finally {
    for (const child of children.reverse()) await child.stop('SIGTERM');
    await receiver.close();
    await infra.stop();
    if (process.env['BENCH_KEEP_DUMPS']) print(`callgrind dumps kept in ${dir} (callgrind_annotate <file>)`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's gateway with no upstream timeout: under valgrind the first requests after counting
 * starts wait for code to be re-translated, and none may turn into a 504. */
function gatewayTimeoutless(infra: BenchInfra, port: number, upstream: string): Env {
  return { ...infra.gatewayEnv(port, upstream, 100), UPSTREAM_TIMEOUT_MS: '120000' };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
