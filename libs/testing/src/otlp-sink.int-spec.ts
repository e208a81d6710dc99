import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { workspaceRoot } from './bundle-for-test';
import { OtlpSink } from './otlp-sink';

const run = promisify(execFile);

/** SPANS spans in one trace, exported by the SDK's real OTLP/HTTP exporter in its own process. */
const SPANS = 700; // more than one 512-span batch
const SCRIPT = `
const { trace } = require('@opentelemetry/api');
const { node, resources, tracing } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require(process.env.PROTOCOL === 'http/json'
  ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto');
const provider = new node.NodeTracerProvider({
  resource: resources.resourceFromAttributes({ 'service.name': 'sink-test' }),
  spanProcessors: [new tracing.BatchSpanProcessor(new OTLPTraceExporter(), { maxQueueSize: 4096 })],
});
provider.register();
const a = trace.getTracer('scope-a');
const b = trace.getTracer('scope-b');
a.startActiveSpan('root', (root) => {
  for (let i = 1; i < ${SPANS}; i++) (i % 2 ? a : b).startSpan('child ' + i, { attributes: { i, big: 2 ** 40 + i } }).end();
  root.end();
});
provider.shutdown();
`;

describe.each(['http/json', 'http/protobuf'])('OtlpSink fed by the OTLP exporter over %s', (protocol) => {
  it('counts every span of every export, across batches and scopes', async () => {
    const sink = await OtlpSink.start();
    try {
      await run(process.execPath, ['-e', SCRIPT], {
        cwd: workspaceRoot,
        env: { ...process.env, PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
        timeout: 30_000,
      });
      const stats = sink.stats();
      expect(stats).toMatchObject({ spans: SPANS, errors: 0 });
      expect(stats.requests).toBeGreaterThanOrEqual(2);
      expect(stats.bytes).toBeGreaterThan(SPANS * 20);
    } finally {
      await sink.close();
    }
  });
});

describe('OtlpSink', () => {
  it('answers 404 off /v1/traces and 400 to a body it cannot count, and counts neither', async () => {
    const sink = await OtlpSink.start();
    try {
      const post = (path: string, body: Uint8Array | string, type = 'application/x-protobuf') =>
        fetch(`${sink.endpoint}${path}`, { method: 'POST', body, headers: { 'content-type': type } });
      expect((await post('/v1/logs', '{}', 'application/json')).status).toBe(404);
      expect((await post('/v1/traces', 'not json', 'application/json')).status).toBe(400);
      // A ResourceSpans field whose length runs past the end of the body.
      expect((await post('/v1/traces', Uint8Array.of(0x0a, 0x05, 0x12))).status).toBe(400);
      expect((await post('/v1/traces', Uint8Array.of())).status).toBe(200);
      expect(sink.stats()).toEqual({ requests: 1, bytes: 0, spans: 0, errors: 2 });
    } finally {
      await sink.close();
    }
  });
});
