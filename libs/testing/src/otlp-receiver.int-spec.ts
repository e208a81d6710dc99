import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { workspaceRoot } from './bundle-for-test';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

const run = promisify(execFile);

/**
 * A tiny traced script: the SDK's real OTLP/HTTP exporter in its own Node process (the
 * exporter loads `http` with a dynamic import(), which jest's module sandbox refuses).
 */
const SCRIPT = `
const { trace, SpanKind, SpanStatusCode } = require('@opentelemetry/api');
const { node, resources, tracing } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require(process.env.PROTOCOL === 'http/json'
  ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto');
const provider = new node.NodeTracerProvider({
  resource: resources.resourceFromAttributes({ 'service.name': 'receiver-test' }),
  spanProcessors: [new tracing.BatchSpanProcessor(new OTLPTraceExporter())],
});
provider.register();
const tracer = trace.getTracer('receiver-test-scope');
const linked = tracer.startSpan('linked');
linked.end();
tracer.startActiveSpan('parent', { attributes: { 'test.string': 'a', 'test.int': 42, 'test.bool': true, 'test.double': 1.5 } }, (parent) => {
  const child = tracer.startSpan('child', {
    kind: SpanKind.PRODUCER,
    links: [{ context: linked.spanContext(), attributes: { why: 'because' } }],
    attributes: { 'test.list': ['x', 'y'] },
  });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end();
  parent.end();
});
provider.shutdown().then(() => console.log(JSON.stringify({ linked: linked.spanContext() })));
`;

describe.each(['http/json', 'http/protobuf'])('OtlpReceiver fed by the OTLP exporter over %s', (protocol) => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterAll(() => receiver.close());

  it('collects ids, parent, kind, service, scope, attributes, links and status', async () => {
    const { stdout } = await run(process.execPath, ['-e', SCRIPT], {
      cwd: workspaceRoot,
      env: { ...process.env, PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
      timeout: 30_000,
    });
    const { linked } = JSON.parse(stdout) as { linked: { traceId: string; spanId: string } };
    const spans = await receiver.waitFor((s) => s.length >= 3);
    expect(receiver.errors).toEqual([]);
    const byName = (name: string) => spans.find((s) => s.name === name) as ReceivedSpan;
    const parent = byName('parent');
    const child = byName('child');
    expect(parent).toMatchObject({
      kind: 'INTERNAL',
      parentSpanId: undefined,
      serviceName: 'receiver-test',
      scope: 'receiver-test-scope',
      attributes: { 'test.string': 'a', 'test.int': 42, 'test.bool': true, 'test.double': 1.5 },
      status: { code: 0 },
      protocol: protocol === 'http/json' ? 'json' : 'protobuf',
    });
    expect(parent.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parent.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child).toMatchObject({ kind: 'PRODUCER', traceId: parent.traceId, parentSpanId: parent.spanId });
    expect(child.attributes['test.list']).toEqual(['x', 'y']);
    expect(child.links).toEqual([{ traceId: linked.traceId, spanId: linked.spanId, attributes: { why: 'because' } }]);
    expect(child.status).toEqual({ code: 2, message: 'boom' });
    expect(receiver.parentOf(child)).toBe(parent);
    expect(receiver.trace(parent.traceId).map((s) => s.name).sort()).toEqual(['child', 'parent']);
    expect(child.endTimeUnixNano >= child.startTimeUnixNano).toBe(true);
    expect(child.startTimeUnixNano > 1_600_000_000n * 1_000_000_000n).toBe(true);
  });
});

describe('OtlpReceiver', () => {
  it('answers 404 off /v1/traces, accepts logs and metrics, and records undecodable bodies', async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const post = (path: string, body: string, type = 'application/json') =>
        fetch(`${receiver.endpoint}${path}`, { method: 'POST', body, headers: { 'content-type': type } });
      expect((await post('/v1/other', '{}')).status).toBe(404);
      expect((await post('/v1/logs', '{}')).status).toBe(200);
      expect((await post('/v1/traces', 'not json')).status).toBe(400);
      expect((await post('/v1/traces', 'garbage', 'application/x-protobuf')).status).toBe(400);
      expect(receiver.errors).toHaveLength(2);
      expect(receiver.spans()).toEqual([]);
      await expect(receiver.waitFor((s) => s.length > 0, 50)).rejects.toThrow(/received: none/);
    } finally {
      await receiver.close();
    }
  });
});
