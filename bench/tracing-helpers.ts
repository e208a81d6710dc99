/* eslint-disable no-console */
// `npm run bench:tracing-helpers`: what our messaging-span helpers
// (libs/observability/src/tracing/messaging-spans.ts) add to one message, without a broker:
// bench:tracing's bus figures move with RabbitMQ's disk and the other core by more than the
// few microseconds asked about. Per mode (tracing off, and parent-based ratio sampling at 0.0,
// 0.1, 1.0, exporting to an OtlpSink), a process of its own started as bench:tracing starts
// its benches (`--require bench/tracing-preload.ts`) runs BENCH_OPERATIONS of each, one after
// the other, each awaited:
//
//   delivery         traceDelivery around a handler that awaits once, as the bus's consumer
//                    calls it, for messages whose headers carry the decisions of a caller at
//                    the ratio;
//   publish          tracePublish inside a caller's trace (sampled at the ratio), as the bus
//                    calls it for basket's checkout, with a send that resolves at once;
//   relay publish    traceRelayPublish of a row whose traceparent was sampled at the ratio.
//
// The figure is CPU time (user + system), not wall time, and a pass ends when the SDK has
// exported its spans, so a recorded message's export is counted with it. Each figure is the
// median of BENCH_ROUNDS timed passes after one untimed pass, then the median over
// TRACING_ROUNDS processes per mode (alternating); printed with what it adds to tracing off,
// in nanoseconds per message.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { context, trace, type Context, type ProxyTracerProvider } from '@opentelemetry/api';
import {
  deliveryTraceInfo,
  setDeliveryOutcome,
  shutdownTracing,
  traceDelivery,
  tracePublish,
  traceRelayPublish,
  type ConsumedMessageLike,
} from '@eshop/tracing';
import { fmt, median, OtlpSink } from '@eshop/testing';
import { bundled, root } from './bench-infra';
import { envNumber } from './http-load';
import { callerContexts, sampledShare, traceparents } from './trace-ids';

const OPERATIONS = envNumber('BENCH_OPERATIONS', 50_000);
const PASSES = envNumber('BENCH_ROUNDS', 5);
const PROCESSES = envNumber('TRACING_ROUNDS', 3);
const EVENT = 'ProductPriceChangedIntegrationEvent';
const KINDS = ['delivery', 'publish', 'relay publish'] as const;
type Kind = (typeof KINDS)[number];
const RESULT = 'tracing-helpers result ';
// A pass records spans far faster than an app does: the batch processor's queue (2,048) would
// overflow and drop spans unexported. A flush whenever about 500 spans are waiting keeps the
// exports at the processor's own batch size (512); the wait for the sink's answer is not CPU
// time, so it is not counted.
const FLUSH_EVERY = Math.max(1, Math.floor(500 / Math.max(sampledShare(), 0.001)));

const MODES: ReadonlyArray<{ readonly name: string; readonly ratio?: string }> = [
  { name: 'off' },
  { name: '0.0', ratio: '0.0' },
  { name: '0.1', ratio: '0.1' },
  { name: '1.0', ratio: '1.0' },
];

/** Exports what the SDK (if any) still holds: part of each pass, so every span's export is counted. */
function flush(): Promise<void> {
  const provider = trace.getTracerProvider() as ProxyTracerProvider;
  const delegate = provider.getDelegate() as { forceFlush?: () => Promise<void> };
  return delegate.forceFlush?.() ?? Promise.resolve();
}

/** CPU ns (user + system) per operation of `operation(i)` over OPERATIONS, awaited one by one, with the export of their spans. */
async function pass(operation: (i: number) => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < OPERATIONS; i += 1) {
    await operation(i);
    if (i % FLUSH_EVERY === FLUSH_EVERY - 1) await flush();
  }
  await flush();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1_000) / OPERATIONS;
}

async function measure(): Promise<Record<Kind, number>> {
  const headers = traceparents(OPERATIONS);
  const messages: ConsumedMessageLike[] = headers.map((traceparent) => ({
    fields: { routingKey: EVENT, redelivered: false },
    properties: { messageId: randomUUID(), type: EVENT, headers: { traceparent, 'x-attempt': 1 } },
  }));
  const callers: Context[] = callerContexts(OPERATIONS);
  const send = (): Promise<void> => Promise.resolve();
  const operations: Record<Kind, (i: number) => Promise<void>> = {
    delivery: (i) =>
      traceDelivery(deliveryTraceInfo(messages[i] as ConsumedMessageLike, 'bench'), async (span) => {
        await send();
        setDeliveryOutcome(span, 'ack');
      }),
    publish: (i) => context.with(callers[i] as Context, () => tracePublish(EVENT, `e-${i}`, undefined, send)),
    'relay publish': (i) => traceRelayPublish({ name: EVENT, eventId: `e-${i}`, traceparent: headers[i], attempts: 1 }, send),
  };
  const result = {} as Record<Kind, number>;
  for (const kind of KINDS) {
    await pass(operations[kind]);
    const timed: number[] = [];
    for (let p = 0; p < PASSES; p += 1) timed.push(await pass(operations[kind]));
    result[kind] = median(timed);
  }
  return result;
}

function runMode(file: string, preload: string, env: Record<string, string>): Promise<Record<Kind, number>> {
  const child = spawn(process.execPath, ['--require', preload, file], {
    cwd: root,
    env: { ...process.env, ...env, TRACING_HELPERS_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith(RESULT));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT.length)) as Record<Kind, number>);
      else reject(new Error(`helpers bench child exited with ${code}: ${output}`));
    }),
  );
}

async function main(): Promise<void> {
  const sink = await OtlpSink.start();
  const self = bundled('bench/tracing-helpers.ts');
  const preload = bundled('bench/tracing-preload.ts');
  const runs: Record<string, Record<Kind, number[]>> = {};
  try {
    for (let round = 1; round <= PROCESSES; round += 1) {
      for (const mode of MODES) {
        const env: Record<string, string> = mode.ratio
          ? {
              OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
              OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
              OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
              OTEL_TRACES_SAMPLER_ARG: mode.ratio,
            }
          : {};
        const figures = await runMode(self.file, preload.file, env);
        console.log(`round ${round}, tracing ${mode.name}: ${KINDS.map((kind) => `${kind} ${fmt(figures[kind], 0)} ns`).join(', ')}`);
        for (const kind of KINDS) ((runs[mode.name] ??= { delivery: [], publish: [], 'relay publish': [] })[kind]).push(figures[kind]);
      }
    }
  } finally {
    self.remove();
    preload.remove();
    await sink.close();
  }
  const expected = (ratio: number) => Math.round(PROCESSES * KINDS.length * (PASSES + 1) * OPERATIONS * ratio);
  console.log(`\nour messaging-span helpers, ns per message (${OPERATIONS} per pass, median of ${PASSES} passes, median of ${PROCESSES} processes), and what tracing adds to off`);
  console.log(`spans exported: ${sink.stats().spans} (recorded at 1.0 and about a tenth at 0.1: ~${expected(1.1)})`);
  for (const kind of KINDS) {
    const off = median(runs['off']?.[kind] ?? []);
    const cells = MODES.map((mode) => {
      const value = median(runs[mode.name]?.[kind] ?? []);
      return mode.name === 'off' ? `off ${fmt(value, 0)}` : `${mode.name} ${fmt(value, 0)} (+${fmt(value - off, 0)})`;
    });
    console.log(`  ${kind.padEnd(14)} ${cells.join('   ')}`);
  }
}

if (process.env['TRACING_HELPERS_CHILD'] === '1') {
  measure().then(
    async (figures) => {
      console.log(`${RESULT}${JSON.stringify(figures)}`);
      await shutdownTracing(); // the preload's SDK: its last batch goes out
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
