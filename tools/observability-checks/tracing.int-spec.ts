import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, hostname } from 'node:os';
import { promisify } from 'node:util';
import { bundleForTest, OtlpReceiver, type ReceivedSpan } from '@eshop/testing';

const run = promisify(execFile);

/**
 * startTracing in a bundled process (the apps' build pipeline, so the import order that
 * makes the instrumentations work is the real one), exporting to the in-test receiver.
 */
describe('startTracing in a bundled app', () => {
  let bundle: { file: string; remove: () => void };
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    bundle = bundleForTest('tools/observability-checks/fixtures/traced-service.ts');
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    bundle.remove();
    await receiver.close();
  });
  beforeEach(() => receiver.clear());

  async function runFixture(env: Record<string, string>) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const { stdout } = await run(process.execPath, [bundle.file], { env: { ...clean, ...env }, timeout: 30_000 });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    return {
      settings: lines[0] as { tracing: boolean; sdkLoaded: boolean; settings: { serviceName: string; protocol: string } },
      logs: lines.filter((line) => 'msg' in line),
      result: (lines.find((line) => 'result' in line)?.['result'] ?? {}) as {
        stored?: string;
        header?: string;
        foreignPromises?: Record<string, number>;
      },
    };
  }

  it.each(['http/json', 'http/protobuf'])('records one trace from the HTTP client to the consumer over %s', async (protocol) => {
    const { settings, logs, result } = await runFixture({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    });
    expect(settings).toMatchObject({ tracing: true, sdkLoaded: true, settings: { serviceName: 'traced-fixture', protocol } });
    const spans = await receiver.waitFor((s) => s.some((span) => span.name.startsWith('process ')));
    expect(receiver.errors).toEqual([]);
    const find = (predicate: (span: ReceivedSpan) => boolean, what: string): ReceivedSpan => {
      const span = spans.find(predicate);
      if (!span) throw new Error(`no ${what} span in ${spans.map((s) => `${s.kind}:${s.name}`).join(', ')}`);
      return span;
    };
    const client = find((s) => s.kind === 'CLIENT' && s.attributes['http.request.method'] === 'PUT', 'undici client');
    const server = find((s) => s.kind === 'SERVER', 'http server');
    const write = find((s) => s.name === 'outbox write ProductPriceChangedIntegrationEvent', 'outbox write');
    const batch = find((s) => s.name === 'outbox relay batch', 'relay batch');
    const publish = find((s) => s.name === 'publish ProductPriceChangedIntegrationEvent', 'relay publish');
    const processing = find((s) => s.name === 'process ProductPriceChangedIntegrationEvent', 'consumer');

    expect(client.scope).toBe('@opentelemetry/instrumentation-undici');
    expect(server.parentSpanId).toBe(client.spanId);
    expect(write.parentSpanId).toBe(server.spanId);
    expect(result.stored).toBe(`00-${write.traceId}-${write.spanId}-01`);
    expect(publish).toMatchObject({ kind: 'PRODUCER', parentSpanId: write.spanId });
    expect(publish.links.map((link) => link.spanId)).toEqual([batch.spanId]);
    expect(result.header).toBe(`00-${publish.traceId}-${publish.spanId}-01`);
    expect(processing).toMatchObject({
      kind: 'CONSUMER',
      parentSpanId: publish.spanId,
      attributes: expect.objectContaining({ 'eshop.event.id': 'e-1', 'eshop.delivery.attempt': 1, 'eshop.delivery.outcome': 'ack' }),
    });
    const trace = receiver.trace(client.traceId);
    expect(new Set(trace.map((s) => s.serviceName))).toEqual(new Set(['traced-fixture']));
    expect(trace.map((s) => s.spanId)).toEqual(
      expect.arrayContaining([client, server, write, publish, processing].map((s) => s.spanId)),
    );
    expect(batch.traceId).not.toBe(client.traceId);
    // The host's resource, and no promise of Node's internal kinds made on the way (the SDK's
    // own host detector made some: host-resource.ts says what they cost).
    expect(server.resource).toMatchObject({ 'host.name': hostname(), 'host.arch': arch() === 'x64' ? 'amd64' : expect.any(String) });
    const machineId = readMachineId();
    if (machineId !== undefined) expect(server.resource['host.id']).toBe(machineId);
    expect(result.foreignPromises).toEqual({});
    // Health probes are not traced on the server side (the probing client's span remains).
    expect(spans.some((s) => s.kind === 'SERVER' && String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '').includes('/health'))).toBe(false);
    // pino lines written inside spans carry the ids.
    expect(logs.find((line) => line['msg'] === 'outbox row written')).toMatchObject({ trace_id: write.traceId, span_id: write.spanId });
    expect(logs.find((line) => line['msg'] === 'handling')).toMatchObject({ trace_id: write.traceId, span_id: processing.spanId });
  });

  it('honours OTEL_SERVICE_NAME and the parentbased_traceidratio sampler (ratio 0: nothing recorded, context still flows)', async () => {
    const { settings, result } = await runFixture({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'renamed',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    expect(settings).toMatchObject({ tracing: true, settings: { serviceName: 'renamed' } });
    expect(result.stored).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(result.header?.split('-')[1]).toBe(result.stored?.split('-')[1]);
    expect(result.foreignPromises).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans()).toEqual([]);
  });

  it('starts no SDK and exports nothing without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const { settings, logs, result } = await runFixture({});
    expect(settings).toMatchObject({ tracing: false, sdkLoaded: false });
    // No active span anywhere: the bus keeps its own traceparent handling.
    expect(result).toEqual({ foreignPromises: {} });
    expect(logs.find((line) => line['msg'] === 'handling')).not.toHaveProperty('trace_id');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans()).toEqual([]);
  });
});

function readMachineId(): string | undefined {
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(path, 'utf8').trim();
      if (id) return id;
    } catch {
      // the next one
    }
  }
  return undefined;
}
