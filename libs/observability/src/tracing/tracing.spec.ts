import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { deliveryTraceInfo, tracePublish, tracingBusObserver } from './messaging-spans';
import { eshopInstrumentations, tracingSettings } from './start-tracing';
import { activeSpanContext, contextWithTraceparent, currentTraceparent, formatTraceparent, spanContextFromTraceparent } from './traceparent';

describe('tracingSettings', () => {
  it('is off without an endpoint, whatever else is set', () => {
    expect(tracingSettings('catalog-api', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toMatchObject({
      enabled: false,
      serviceName: 'catalog-api',
      endpoint: undefined,
    });
    expect(tracingSettings('catalog-api', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).enabled).toBe(false);
  });

  it('reads the endpoint, protocol, service name and sampler', () => {
    expect(
      tracingSettings('catalog-api', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'catalog-relay',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      }),
    ).toEqual({
      enabled: true,
      serviceName: 'catalog-relay',
      protocol: 'http/json',
      endpoint: 'http://jaeger:4318/v1/traces',
      sampler: 'parentbased_traceidratio',
    });
  });

  it('defaults to http/protobuf and parentbased_always_on; a traces-only endpoint is enough', () => {
    expect(tracingSettings('basket-api', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toMatchObject({
      enabled: true,
      protocol: 'http/protobuf',
      endpoint: 'http://c:4318/v1/traces',
      sampler: 'parentbased_always_on',
    });
  });

  it('falls back from grpc to http/protobuf, saying so, and honours OTEL_SDK_DISABLED', () => {
    const grpc = tracingSettings('x', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(grpc).toMatchObject({ protocol: 'http/protobuf', warning: expect.stringContaining('grpc') });
    expect(tracingSettings('x', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });
});

describe('eshopInstrumentations', () => {
  const names = (env: NodeJS.ProcessEnv): string[] => {
    const list = eshopInstrumentations(env).flat();
    list.forEach((instrumentation) => instrumentation.disable());
    return list.map((instrumentation) => instrumentation.instrumentationName.replace('@opentelemetry/instrumentation-', ''));
  };

  it('has the servers, clients, stores and logs by default; not the framework layers nor amqplib (our bus spans carry the trace)', () => {
    expect(names({})).toEqual(['http', 'undici', 'pg', 'ioredis', 'pino']);
  });

  it('takes exactly what OTEL_NODE_ENABLED_INSTRUMENTATIONS names, less what OTEL_NODE_DISABLED_INSTRUMENTATIONS names', () => {
    expect(names({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: ' ioredis, pino,unknown' })).toEqual(['http', 'undici', 'pg']);
    expect(names({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'nestjs-core,http,express,unknown' })).toEqual(['http', 'express', 'nestjs-core']);
    expect(names({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pg', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' })).toEqual(['http']);
  });
});

describe('traceparent helpers', () => {
  const value = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('parses and formats W3C traceparent', () => {
    const context = spanContextFromTraceparent(value);
    expect(context).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(formatTraceparent(context as NonNullable<typeof context>)).toBe(value);
    expect(spanContextFromTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00')?.traceFlags).toBe(TraceFlags.NONE);
  });

  it('rejects malformed and all-zero ids', () => {
    for (const bad of [undefined, 42, '', 'garbage', '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
      '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01', `${value}-extra`, `${value}0`, ` ${value}`,
      '00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1g']) {
      expect(spanContextFromTraceparent(bad)).toBeUndefined();
    }
  });

  it('keeps only the sampled bit of the flags', () => {
    expect(spanContextFromTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03')?.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(spanContextFromTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-fe')?.traceFlags).toBe(TraceFlags.NONE);
  });

  it('finds no span in a context without one or with the API\'s invalid one', () => {
    expect(activeSpanContext(ROOT_CONTEXT)).toBeUndefined();
    expect(activeSpanContext(trace.setSpanContext(ROOT_CONTEXT, INVALID_SPAN_CONTEXT))).toBeUndefined();
    expect(activeSpanContext(contextWithTraceparent(value, ROOT_CONTEXT))).toMatchObject({ spanId: 'b7ad6b7169203331' });
  });

  it('puts a traceparent into a context and reads it back', () => {
    expect(currentTraceparent(ROOT_CONTEXT)).toBeUndefined();
    expect(currentTraceparent(contextWithTraceparent(value, ROOT_CONTEXT))).toBe(value);
    expect(contextWithTraceparent('garbage', ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
    expect(trace.getSpanContext(contextWithTraceparent(value, ROOT_CONTEXT))?.isRemote).toBe(true);
  });
});

describe('messaging helpers without an SDK', () => {
  it('reads a delivery as the bus wrote it', () => {
    expect(
      deliveryTraceInfo(
        {
          fields: { routingKey: 'rk', redelivered: false },
          properties: { messageId: 'e-1', type: 'ProductPriceChangedIntegrationEvent', headers: { traceparent: 'tp', 'x-attempt': 3 } },
        },
        'basket-api',
      ),
    ).toEqual({ eventName: 'ProductPriceChangedIntegrationEvent', messageId: 'e-1', attempt: 3, queue: 'basket-api', traceparent: 'tp', redelivered: false });
    expect(deliveryTraceInfo({ fields: { routingKey: 'rk', redelivered: true }, properties: {} }, 'q')).toMatchObject({
      eventName: 'rk',
      messageId: undefined,
      attempt: 1,
      traceparent: undefined,
    });
  });

  it('without an SDK, a direct publish keeps the given traceparent: no span, nothing rewritten', async () => {
    const headers: Array<string | undefined> = [];
    await tracePublish('A', 'e-1', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', async (tp) => void headers.push(tp));
    await tracePublish('A', 'e-2', undefined, async (tp) => void headers.push(tp));
    expect(headers).toEqual(['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', undefined]);
  });

  it('forwards to the metrics observer', () => {
    const calls: string[] = [];
    const observer = tracingBusObserver({ published: (n) => calls.push(`p:${n}`), consumed: (n, o) => calls.push(`c:${n}:${o}`) });
    observer.published('A');
    observer.consumed('A', 'park');
    expect(calls).toEqual(['p:A', 'c:A:park']);
  });
});
