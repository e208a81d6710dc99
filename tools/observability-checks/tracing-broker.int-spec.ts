import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bundleForTest, OtlpReceiver, testEnv, type ReceivedSpan } from '@eshop/testing';

const run = promisify(execFile);

/**
 * Our bus spans through a real RabbitMQ, with the apps' instrumentations (amqplib not among
 * them): one trace from the outbox write to the handler's work, carried by our header alone.
 */
describe('tracing across RabbitMQ', () => {
  let bundle: { file: string; remove: () => void };
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    bundle = bundleForTest('tools/observability-checks/fixtures/traced-broker.ts');
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    bundle.remove();
    await receiver.close();
  });

  it('chains outbox write → publish (PRODUCER) → process (CONSUMER) → handler, through the traceparent header', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const { stdout } = await run(process.execPath, [bundle.file], {
      env: { ...clean, RABBITMQ_URL: testEnv.rabbitmqUrl, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
      timeout: 30_000,
    });
    const line = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => 'result' in l);
    const result = line?.['result'] as { stored: string; ourHeader: string; header: string };
    const spans = await receiver.waitFor((s) => s.some((span) => span.name === 'handler work'));
    const byName = (name: string): ReceivedSpan => {
      const span = spans.find((s) => s.name === name);
      if (!span) throw new Error(`no span ${name} in ${spans.map((s) => `${s.scope}:${s.kind}:${s.name}`).join(', ')}`);
      return span;
    };
    const write = byName('outbox write ProductPriceChangedIntegrationEvent');
    const publish = byName('publish ProductPriceChangedIntegrationEvent');
    const processing = byName('process ProductPriceChangedIntegrationEvent');
    const work = byName('handler work');

    expect(publish.parentSpanId).toBe(write.spanId);
    expect(publish.kind).toBe('PRODUCER');
    expect(processing).toMatchObject({ kind: 'CONSUMER', parentSpanId: publish.spanId });
    expect(work.parentSpanId).toBe(processing.spanId);
    expect(new Set([write, publish, processing, work].map((s) => s.traceId))).toEqual(new Set([write.traceId]));
    // The header on the wire is our publish span's, untouched (no amqplib instrumentation spans).
    expect(result.ourHeader).toBe(`00-${publish.traceId}-${publish.spanId}-01`);
    expect(result.header).toBe(result.ourHeader);
    expect(spans.filter((s) => s.scope.includes('amqplib'))).toEqual([]);
    expect(processing.attributes).toMatchObject({ 'eshop.event.id': 'e-2', 'eshop.delivery.attempt': 1, 'eshop.delivery.outcome': 'ack' });
  });
});
