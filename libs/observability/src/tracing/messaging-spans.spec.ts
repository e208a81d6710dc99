import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { traceDelivery, tracePublish, traceRelayPublish } from './messaging-spans';
import { shutdownTracing, startTracing } from './start-tracing';
import { waitFor } from '@eshop/testing';
import { contextWithTraceparent, spanContextFromTraceparent } from './traceparent';

const SAMPLED = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const UNSAMPLED = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';

/** The parent-based sampler these helpers assume (the SDK reads it from the environment). */
describe('messaging spans with the SDK (parentbased_always_on)', () => {
  const exporter = new tracing.InMemorySpanExporter();
  beforeAll(async () => {
    startTracing({
      serviceName: 'messaging-spans-spec',
      env: { OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'pino' },
      spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
    });
    // The SDK detects its resource asynchronously and exports nothing before: one span
    // through, so that each test sees its spans when its calls return.
    trace.getTracer('warm-up').startSpan('warm-up').end();
    await waitFor(() => exporter.getFinishedSpans().length > 0, 'the SDK exporting');
  });
  afterAll(async () => {
    await shutdownTracing();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  const under = <T>(traceparent: string, fn: () => T): T => context.with(contextWithTraceparent(traceparent, context.active()), fn);

  it('a sampled publish records one PRODUCER span and hands its own traceparent to the message', async () => {
    let header: string | undefined;
    await under(SAMPLED, () => tracePublish('ProductPriceChanged', 'e-1', undefined, async (traceparent) => void (header = traceparent)));

    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'publish ProductPriceChanged', kind: SpanKind.PRODUCER });
    expect(span?.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'send', 'eshop.event.id': 'e-1' });
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(spanContextFromTraceparent(header)).toMatchObject({ traceId: span?.spanContext().traceId, spanId: span?.spanContext().spanId, traceFlags: 1 });
  });

  it('under an unsampled parent a publish records nothing and passes the decision on (flag 00, same trace)', async () => {
    let header: string | undefined;
    await under(UNSAMPLED, () => tracePublish('ProductPriceChanged', 'e-2', undefined, async (traceparent) => void (header = traceparent)));

    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(header).toBe(UNSAMPLED);
  });

  it('a failed publish ends its span as an error and rethrows', async () => {
    const failing = tracePublish('ProductPriceChanged', 'e-3', undefined, async () => {
      throw new Error('not confirmed');
    });
    await expect(failing).rejects.toThrow('not confirmed');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'not confirmed' });
  });

  it('the relay continues the row trace when it was sampled, and leaves an unsampled row as it is', async () => {
    let header: string | undefined;
    await traceRelayPublish({ name: 'ProductPriceChanged', eventId: 'e-4', traceparent: SAMPLED, attempts: 1 }, async (traceparent) => void (header = traceparent));
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.attributes).toMatchObject({ 'eshop.outbox.attempts': 1 });
    expect(spanContextFromTraceparent(header)?.spanId).toBe(span?.spanContext().spanId);

    exporter.reset();
    await traceRelayPublish({ name: 'ProductPriceChanged', eventId: 'e-5', traceparent: UNSAMPLED }, async (traceparent) => void (header = traceparent));
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(header).toBe(UNSAMPLED);
  });

  it('an unsampled delivery runs its handler in the sender trace without a span, so what it writes keeps the decision', async () => {
    const seen = await traceDelivery({ eventName: 'ProductPriceChanged', messageId: 'e-6', attempt: 1, queue: 'q', traceparent: UNSAMPLED }, async (span) => ({
      recording: span.isRecording(),
      active: trace.getSpanContext(context.active()),
    }));
    expect(seen.recording).toBe(false);
    expect(seen.active).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', traceFlags: 0 });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
