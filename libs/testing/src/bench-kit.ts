/* Helpers of the benchmarks (bench/ and the apps' *.bench.ts): percentiles, pacing, printing, /proc readings. */
import { readFileSync } from 'node:fs';
import { sleep } from './wait-for';

/** user + system CPU time of a process so far, in ms (Linux /proc/<pid>/stat, 100 ticks/s); NaN once it is gone. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process, MB (Linux /proc/<pid>/status); NaN once it is gone. */
export function processRssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return Number(line?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `task(i)` for i in [0, count) with at most `window` in flight. */
export async function windowed(count: number, window: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, worker));
}

/** Starts `task` every `1000 / ratePerSecond` ms for `count` times, without waiting on it. */
export async function paced(count: number, ratePerSecond: number, task: (i: number) => void) {
  const interval = 1000 / ratePerSecond;
  const start = nowMs();
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait);
    task(i);
  }
}

export function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function verdict(ok: boolean): string {
  return ok ? 'MET' : 'MISSED';
}
