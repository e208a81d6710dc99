// Load and measurement helpers of the HTTP benchmarks (bench:catalog, bench:gateway): wrk
// (a C load generator: it leaves the 2 cores to the servers) or autocannon, the CPU time the
// watched processes spent per request, and the printing of one side's figures.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { fmt, freePort, nowMs, percentile, processCpuMs } from '@eshop/testing';

const run = promisify(execFile);
export const print = (line: string) => process.stdout.write(`${line}\n`);
export const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
  /** CPU time per request of each watched process (Linux /proc), ms. */
  readonly cpuMsPerRequest: Record<string, number>;
}

/** A process whose CPU time is read around each run. */
export type Watched = Record<string, number | undefined>;

/** user + system CPU time of a process so far, in ms. */
export const cpuMs = processCpuMs;
export { freePort };


export async function hasWrk(): Promise<boolean> {
  return run('wrk', ['--version']).then(
    () => true,
    (error: { stdout?: string }) => (error.stdout ?? '').includes('wrk'), // `wrk --version` exits 1
  );
}

interface RawRun {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

/** Runs `measure` and charges the watched processes' CPU time to its requests. */
export async function withCpu(watched: Watched, measure: () => Promise<RawRun>): Promise<Figures> {
  const before = Object.fromEntries(Object.entries(watched).map(([name, pid]) => [name, cpuMs(pid)]));
  const raw = await measure();
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(watched).map(([name, pid]) => [name, (cpuMs(pid) - (before[name] ?? 0)) / raw.requests]),
  );
  return { rps: raw.rps, p50: raw.p50, p99: raw.p99, failures: raw.failures, cpuMsPerRequest };
}

const millis = (text: string | undefined): number => {
  const match = /([\d.]+)(us|ms|s)/.exec(text ?? '');
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
};

/** GET `url` with wrk (2 threads); `headers` are sent on every request. */
export async function wrk(url: string, seconds: number, connections: number, headers: string[] = []): Promise<RawRun> {
  const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url];
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    requests: number(/(\d+) requests in/),
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50: millis(/^\s*50%\s+(\S+)/m.exec(stdout)?.[1]),
    p99: millis(/^\s*99%\s+(\S+)/m.exec(stdout)?.[1]),
    failures: number(/Non-2xx or 3xx responses: (\d+)/) + (errors ? errors.slice(1).reduce((s, n) => s + Number(n), 0) : 0),
  };
}

/**
 * `rate` requests a second for `seconds`, whatever the server's speed (hey: a worker per 50 req/s,
 * each paced to its share). Below saturation the CPU a request costs does not depend on
 * how the scheduler shares the cores between the server, its upstreams and the load generator
 * (at saturation more requests share each event-loop turn, and that share moves from run to
 * run): the figure to compare when the difference sought is a few percent.
 */
export async function atRate(url: string, seconds: number, rate: number): Promise<RawRun> {
  const workers = Math.max(1, Math.min(20, Math.round(rate / 50)));
  const args = ['-z', `${seconds}s`, '-c', String(workers), '-q', String(rate / workers), '-disable-compression', url];
  const { stdout } = await run('hey', args, { maxBuffer: 1 << 20 });
  const ok = Number(/\[200\]\s+(\d+) responses/.exec(stdout)?.[1] ?? 0);
  const all = [...stdout.matchAll(/\[\d+\]\s+(\d+) responses/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  const seconds_ = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN) * 1000;
  return {
    requests: all,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
    p50: seconds_(/50% in ([\d.]+) secs/),
    p99: seconds_(/99% in ([\d.]+) secs/),
    failures: all - ok + Number(/Error distribution:[\s\S]*?\[(\d+)\]/.exec(stdout)?.[1] ?? 0),
  };
}

export async function hasHey(): Promise<boolean> {
  return run('hey', ['-n', '0', 'http://127.0.0.1:1/']).then(
    () => true,
    (error: { code?: unknown }) => error.code !== 'ENOENT',
  );
}

/** autocannon with its options (per-connection request pipelines for writes). */
export async function cannon(options: autocannon.Options): Promise<RawRun> {
  const result = await autocannon({ pipelining: 1, ...options });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Prints the mean of one side's runs (and each run's req/s); returns that mean. */
export function report(name: string, runs: Figures[]): Figures {
  const figures: Figures = {
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
  print(`${name.padEnd(22)} ${fmt(figures.rps, 0).padStart(7)} req/s (runs: ${each})  p50 ${fmt(figures.p50, 2)} ms  p99 ${fmt(figures.p99, 2)} ms  failures ${figures.failures}`);
  print(`${''.padEnd(22)} CPU per request: ${cpu}`);
  return figures;
}

/**
 * A closed loop of `connections` workers for `seconds`, each calling `step(worker)` again as
 * soon as the last one returned (true: a success). For requests that depend on the previous
 * answer (a PUT carries the version the last PUT returned), which wrk and autocannon cannot chain.
 */
export async function closedLoop(seconds: number, connections: number, step: (worker: number) => Promise<boolean>): Promise<RawRun> {
  const latencies: number[] = [];
  let failures = 0;
  const started = nowMs();
  const end = started + seconds * 1000;
  const worker = async (index: number) => {
    while (nowMs() < end) {
      const begun = nowMs();
      const ok = await step(index).catch(() => false);
      latencies.push(nowMs() - begun);
      if (!ok) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  latencies.sort((a, b) => a - b);
  const elapsed = (nowMs() - started) / 1000;
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}
