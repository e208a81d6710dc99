/* eslint-disable no-console */
// `npm run bench:span-processor-mix`: does a small sampled share cost in proportion? A
// microbenchmark without network, database or app: each "request" starts a SERVER span from
// the SDK's parent-based ratio sampler, runs an async handler (15 awaits and a setImmediate)
// with the span active, sets attributes and ends the span when it records. Run at ratios 0.0,
// 0.1 and 1.0, in a fresh process each time (BENCH_REPEATS per cell, median), with the span
// processors below. If the cost were proportional, 0.1 would add a tenth of what 1.0 adds:
// the "share" column prints (0.1 − 0.0) / (1.0 − 0.0), 0.10 when proportional.
//
//   none        no span processor: recorded spans are dropped when they end
//   buffer-512  a plain array that is emptied every 512 spans (no timer, nothing exported)
//   buffer-64   the same every 64 spans
//   bsp         the SDK's BatchSpanProcessor with its defaults (512 spans / 5 s) and an exporter that drops
//   bsp-64      the same with batches of 64 spans and a 200 ms delay
import { spawnSync } from 'node:child_process';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { fmt, median } from '@eshop/testing';

const PROCESSORS = ['none', 'buffer-512', 'buffer-64', 'bsp', 'bsp-64'] as const;
type ProcessorName = (typeof PROCESSORS)[number];
const RATIOS = ['0.0', '0.1', '1.0'] as const;
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 7);
const REQUESTS = 20_000;

type ReadableSpan = tracing.ReadableSpan;
type SpanProcessor = tracing.SpanProcessor;
const { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } = tracing;

const dropExporter: tracing.SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

/** Keeps sampled spans in an array that it empties every `size` spans. */
class Buffer implements SpanProcessor {
  private spans: ReadableSpan[] = [];
  constructor(private readonly size: number) {}
  onStart(): void {
    // nothing when a span starts
  }
  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & 1) === 0) return;
    this.spans.push(span);
    if (this.spans.length >= this.size) this.spans = [];
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function processor(name: ProcessorName): SpanProcessor[] {
  switch (name) {
    case 'none':
      return [];
    case 'buffer-512':
      return [new Buffer(512)];
    case 'buffer-64':
      return [new Buffer(64)];
    case 'bsp':
      return [new BatchSpanProcessor(dropExporter)];
    case 'bsp-64':
      return [new BatchSpanProcessor(dropExporter, { maxExportBatchSize: 64, scheduledDelayMillis: 200 })];
  }
}

/** One process: µs of CPU per request, the median of the rounds after two warm-up rounds. */
async function child(name: ProcessorName, ratio: number): Promise<void> {
  // The Node provider registers the AsyncLocalStorage context manager: the one AsyncLocalStorage
  // every app has (it also carries the request's logger).
  new node.NodeTracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: processor(name),
  }).register();
  const tracer = trace.getTracer('bench');
  const handler = async (i: number): Promise<string> => {
    let sum = 0;
    for (let k = 0; k < 15; k++) sum += await Promise.resolve(k);
    await new Promise((resolve) => setImmediate(resolve));
    return JSON.stringify({ i, sum, name: `item ${i}` });
  };
  const request = async (i: number): Promise<string> => {
    const span = tracer.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    if (span.isRecording()) span.setAttributes({ 'http.request.method': 'GET', 'url.path': '/api/catalog/items/1', 'client.address': '127.0.0.1' });
    const body = await context.with(trace.setSpan(ROOT_CONTEXT, span), () => handler(i));
    if (span.isRecording()) {
      span.setAttribute('http.response.status_code', 200);
      span.end();
    }
    return body;
  };
  const rounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => request(i + j)));
    const used = process.cpuUsage(before);
    if (round >= 2) rounds.push((used.user + used.system) / REQUESTS);
  }
  console.log(median(rounds));
}

function main(): void {
  console.log(`span processors × sampler ratio: µs of CPU per request, median of ${REPEATS} processes each`);
  console.log(`${'processor'.padEnd(12)} ${RATIOS.map((r) => `ratio ${r}`.padStart(10)).join(' ')}   share of 1.0's cost paid at 0.1 (0.10 = proportional)`);
  for (const name of PROCESSORS) {
    const cells = RATIOS.map((ratio) => {
      const runs = Array.from({ length: REPEATS }, () => {
        const run = spawnSync(process.execPath, [__filename, '--child', name, ratio], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`${name} at ${ratio}: ${run.stderr}`);
        return Number(run.stdout.trim());
      });
      return median(runs);
    });
    const [none = Number.NaN, tenth = Number.NaN, all = Number.NaN] = cells;
    console.log(`${name.padEnd(12)} ${cells.map((c) => fmt(c, 2).padStart(10)).join(' ')}   ${fmt((tenth - none) / (all - none), 2)}`);
  }
}

const [flag, name, ratio] = process.argv.slice(2);
if (flag === '--child') {
  child(name as ProcessorName, Number(ratio)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
