import { createServer } from 'node:net';
import { core, tracing } from '@opentelemetry/sdk-node';
import { OtlpReceiver } from '@eshop/testing';
import { OffThreadOtlpExporter } from './off-thread-exporter';
import type { OtlpProtocol } from './start-tracing';

/** The variables the exporter's worker reads, with none of the test process's own OTEL_*. */
const otlpEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_'))),
  ...env,
});

/** Ends one span per name through a provider that hands each span to `exporter` at once. */
async function exportSpans(exporter: OffThreadOtlpExporter, names: string[]): Promise<void> {
  const provider = new tracing.BasicTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('off-thread-exporter-spec');
  for (const name of names) tracer.startSpan(name, { attributes: { 'eshop.event.id': `${name}-id` } }).end();
  await provider.forceFlush();
}

const exportOnce = (exporter: OffThreadOtlpExporter, spans: tracing.ReadableSpan[]) =>
  new Promise<core.ExportResult>((resolve) => exporter.export(spans, resolve));

describe('OffThreadOtlpExporter', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.clear());

  it.each<OtlpProtocol>(['http/protobuf', 'http/json'])('sends the spans to the OTLP endpoint over %s, from its worker', async (protocol) => {
    const exporter = new OffThreadOtlpExporter(protocol, otlpEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }));
    await exportSpans(exporter, ['first', 'second']);

    const spans = await receiver.waitFor((received) => received.length >= 2);
    expect(receiver.errors).toEqual([]);
    expect(spans.map((span) => span.name).sort()).toEqual(['first', 'second']);
    expect(spans[0]?.attributes['eshop.event.id']).toMatch(/-id$/);
    await exporter.shutdown();
  });

  it('reports a failed export, and does not hang, when nothing listens at the endpoint', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const exporter = new OffThreadOtlpExporter(
      'http/protobuf',
      otlpEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`, OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }),
    );
    const result = await exportOnce(exporter, [await recordedSpan('refused')]);

    expect(result.code).toBe(core.ExportResultCode.FAILED);
    expect(result.error?.message).toBeTruthy();
    await exporter.shutdown();
  });

  it('flushes what it holds on shutdown, then refuses further exports', async () => {
    const exporter = new OffThreadOtlpExporter('http/protobuf', otlpEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }));
    const span = await recordedSpan('last before shutdown');
    const exported = exportOnce(exporter, [span]);
    await exporter.shutdown();

    expect((await exported).code).toBe(core.ExportResultCode.SUCCESS);
    expect(receiver.spans().map((received) => received.name)).toEqual(['last before shutdown']);
    expect((await exportOnce(exporter, [span])).code).toBe(core.ExportResultCode.FAILED);
  });
});

/** One ended span, as the SDK hands it to an exporter. */
async function recordedSpan(name: string): Promise<tracing.ReadableSpan> {
  const memory = new tracing.InMemorySpanExporter();
  const provider = new tracing.BasicTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(memory)] });
  provider.getTracer('off-thread-exporter-spec').startSpan(name).end();
  await provider.forceFlush();
  const [span] = memory.getFinishedSpans();
  if (!span) throw new Error('no span recorded');
  return span;
}
