import { Worker } from 'node:worker_threads';
import type { core, tracing } from '@opentelemetry/sdk-node';
import type { OtlpProtocol } from './start-tracing';

type ReadableSpan = tracing.ReadableSpan;
type SpanExporter = tracing.SpanExporter;
type ExportResult = core.ExportResult;

// ADR 0016, decision 13: the OTLP request leaves from a worker thread. The exporter's HTTP
// client (its ClientRequest, socket and response stream) put new object shapes through Node's
// socket and stream code, which the app's own sockets run through on every request: those
// sites went megamorphic for the life of any process that exported a span (never in one that
// recorded none), and every request paid for it, sampled or not. The spans are encoded here,
// with the library's serializer, and only their bytes cross to the worker (transferred, not
// copied), where the library's own OTLP/HTTP export does the rest: endpoint, headers, timeout,
// retries and compression from the same OTEL_EXPORTER_OTLP_* variables.

/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  sdk: () => require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node'),
  transformer: () => require('@opentelemetry/otlp-transformer') as typeof import('@opentelemetry/otlp-transformer'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** What crosses to the worker: one encoded ExportTraceServiceRequest. */
interface ExportMessage {
  readonly id: number;
  readonly bytes: Uint8Array;
  /** For the library's own count of exported spans. */
  readonly spans: number;
}

interface ExportReply {
  readonly id: number;
  readonly code: core.ExportResultCode;
  readonly error?: string;
}

/**
 * The worker's whole program, evaluated in a new isolate (a string: the apps are bundled into
 * one file, and a worker needs a script of its own). It loads nothing of the app's, and is
 * started with no `execArgv`, so a `--require` preload that starts tracing does not run in it.
 * The serializer hands on the bytes the app encoded; the response is decoded as the library's
 * own exporter does.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { OTLPExporterBase } = require(workerData.modules.base);
const { createOtlpHttpExportDelegate, convertLegacyHttpOptions } = require(workerData.modules.nodeHttp);
const transformer = require(workerData.modules.transformer);
const decoder = workerData.protocol === 'http/json' ? transformer.JsonTraceSerializer : transformer.ProtobufTraceSerializer;
const serializer = { serializeRequest: (message) => message.bytes, deserializeResponse: (body) => decoder.deserializeResponse(body) };
const headers = { 'Content-Type': workerData.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf' };
const exporter = new OTLPExporterBase(createOtlpHttpExportDelegate(
  convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', headers),
  serializer,
  'otlp_http_span_exporter',
  { name: 'span', countItems: (message) => message.spans },
  undefined,
));
parentPort.on('message', (message) => {
  if (message === 'shutdown') {
    exporter.shutdown().finally(() => parentPort.postMessage('shutdown'));
    return;
  }
  exporter.export(message, (result) =>
    parentPort.postMessage({ id: message.id, code: result.code, error: result.error ? String(result.error.message ?? result.error) : undefined }),
  );
});
`;

/**
 * An OTLP/HTTP span exporter (http/protobuf or http/json) whose requests go out from a worker
 * thread, started at the first export. A worker that fails fails the exports it held, and the
 * next export starts another.
 */
export class OffThreadOtlpExporter implements SpanExporter {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (result: ExportResult) => void>();
  private readonly idle = new Set<() => void>();
  private stopped = false;

  /** `env`: the OTEL_EXPORTER_OTLP_* variables the worker's exporter reads (the process's by default). */
  constructor(
    private readonly protocol: OtlpProtocol,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback(failed(new Error('the exporter is shut down')));
      return;
    }
    const { JsonTraceSerializer, ProtobufTraceSerializer } = load.transformer();
    const serializer = this.protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
    const bytes = serializer.serializeRequest(spans);
    if (!bytes) {
      resultCallback(failed(new Error('the spans could not be encoded')));
      return;
    }
    const message: ExportMessage = { id: (this.nextId += 1), bytes, spans: spans.length };
    this.pending.set(message.id, resultCallback);
    const worker = this.started();
    worker.ref();
    worker.postMessage(message, transferable(bytes));
  }

  /** Resolves once every export handed over so far has answered. */
  forceFlush(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.forceFlush();
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
      worker.postMessage('shutdown');
    });
    await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      env: { ...this.env },
      workerData: { protocol: this.protocol, modules: moduleFiles() },
    });
    worker.unref();
    worker.on('message', (reply: ExportReply | 'shutdown') => {
      if (reply !== 'shutdown') this.settle(reply.id, reply.error === undefined ? { code: reply.code } : { code: reply.code, error: new Error(reply.error) });
    });
    const lost = (reason: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const id of [...this.pending.keys()]) this.settle(id, failed(reason));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the export worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(id: number, result: ExportResult): void {
    const callback = this.pending.get(id);
    if (!callback) return;
    this.pending.delete(id);
    if (this.pending.size === 0) {
      this.worker?.unref(); // an idle worker does not keep the process alive
      for (const resolve of this.idle) resolve();
      this.idle.clear();
    }
    callback(result);
  }
}

function failed(error: Error): ExportResult {
  return { code: load.sdk().core.ExportResultCode.FAILED, error };
}

/** A buffer the encoder made for this request alone is moved to the worker instead of copied. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}

/** The worker loads the same copies of the OTLP packages as the app, found from here. */
function moduleFiles(): Record<'base' | 'nodeHttp' | 'transformer', string> {
  return {
    base: require.resolve('@opentelemetry/otlp-exporter-base'),
    nodeHttp: require.resolve('@opentelemetry/otlp-exporter-base/node-http'),
    transformer: require.resolve('@opentelemetry/otlp-transformer'),
  };
}
