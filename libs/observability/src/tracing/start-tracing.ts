import { diag } from '@opentelemetry/api';
import type { NodeSDKConfiguration, tracing } from '@opentelemetry/sdk-node';
import { traceHttpServers } from './http-server-spans';
import { syncHostDetector } from './host-resource';
import { eshopInstrumentations, instrumentationNames } from './instrumentations';
import { installContextManager, processContextManager } from '../request-context';

export { eshopInstrumentations } from './instrumentations';

// The SDK and its exporters are loaded by startTracing, and only when tracing is on: together
// with the instrumentations (instrumentations.ts) they take a second or more to load, which
// every process importing @eshop/observability (and every test) would pay for nothing.
// `require` keeps the load synchronous: the instrumentations must be registered before
// main.ts loads anything else.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  sdk: () => require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node'),
  jsonExporter: () => require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'),
  protobufExporter: () => require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'),
  http: () => require('node:http') as typeof import('node:http'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

type SpanExporter = tracing.SpanExporter;
type SpanProcessor = tracing.SpanProcessor;

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** What the OTEL_* variables ask for (architecture.md §3, "Observability"). */
export interface TracingSettings {
  /** False without OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT), or with OTEL_SDK_DISABLED=true. */
  readonly enabled: boolean;
  readonly serviceName: string;
  readonly protocol: OtlpProtocol;
  /** Where spans go, for the log line; the exporters read the variables themselves. */
  readonly endpoint: string | undefined;
  readonly sampler: string;
}

/** Reads the standard variables. Unsupported protocols (grpc) fall back to http/protobuf, with a reason. */
export function tracingSettings(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings & { readonly warning?: string } {
  const base = blank(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  const traces = blank(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  const endpoint = traces ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  const disabled = blank(env['OTEL_SDK_DISABLED'])?.toLowerCase() === 'true';
  const asked = blank(env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) ?? blank(env['OTEL_EXPORTER_OTLP_PROTOCOL']) ?? 'http/protobuf';
  const supported = asked === 'http/json' || asked === 'http/protobuf';
  return {
    enabled: endpoint !== undefined && !disabled,
    serviceName: blank(env['OTEL_SERVICE_NAME']) ?? serviceName,
    protocol: supported ? asked : 'http/protobuf',
    endpoint,
    sampler: blank(env['OTEL_TRACES_SAMPLER']) ?? 'parentbased_always_on',
    ...(supported ? {} : { warning: `OTEL_EXPORTER_OTLP_PROTOCOL=${asked} is not supported here; using http/protobuf` }),
  };
}

function blank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export interface StartTracingOptions {
  /** The app name: `service.name` unless OTEL_SERVICE_NAME says otherwise. */
  readonly serviceName: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Tests: replace the OTLP exporter pipeline. */
  readonly spanProcessors?: SpanProcessor[];
  readonly traceExporter?: SpanExporter;
}

export interface TracingHandle {
  readonly enabled: boolean;
  readonly settings: TracingSettings;
  /** Flushes the spans still buffered and stops the SDK. Idempotent; never throws. */
  shutdown(): Promise<void>;
}

/**
 * The handle lives on `globalThis`, like the OpenTelemetry API's own globals: a process may
 * hold two copies of this module (a `--require` preload bundled apart from the code it
 * instruments, as bench/tracing-preload.ts is), and both must see the one SDK.
 */
const HANDLE = Symbol.for('@eshop/observability/tracing-handle');
const registry = globalThis as { [HANDLE]?: TracingHandle };

const disabledHandle = (settings: TracingSettings): TracingHandle => ({
  enabled: false,
  settings,
  shutdown: () => Promise.resolve(),
});

/**
 * Starts OpenTelemetry for this process — call it before anything else is required (the
 * instrumentations patch `pg`, `amqplib`, `ioredis`, `http`, … when they load): each app's
 * `src/instrument.ts` calls it and `main.ts` imports that file on its first line.
 *
 * Without OTEL_EXPORTER_OTLP_ENDPOINT no SDK is created: the API stays a no-op and nothing
 * is patched. A second call returns the first handle.
 */
export function startTracing(options: StartTracingOptions): TracingHandle {
  const running = registry[HANDLE];
  if (running) return running;
  const env = options.env ?? process.env;
  const settings = tracingSettings(options.serviceName, env);
  const forced = options.spanProcessors !== undefined || options.traceExporter !== undefined;
  if (!settings.enabled && !forced) {
    installContextManager(); // the request's logger rides on it, tracing or not
    registry[HANDLE] = disabledHandle(settings);
    return registry[HANDLE];
  }
  if (settings.warning) diag.warn(settings.warning);
  const configuration: Partial<NodeSDKConfiguration> = {
    serviceName: settings.serviceName,
    instrumentations: eshopInstrumentations(env),
    // The process's one AsyncLocalStorage (request-context.ts), not a second of the SDK's.
    contextManager: processContextManager(),
    // The SDK's default detectors (env, process, host), with the host's machine id read
    // synchronously: the SDK's own reader would leave the promise hooks megamorphic for the
    // process's life (host-resource.ts). OTEL_NODE_RESOURCE_DETECTORS still chooses others.
    ...(blank(env['OTEL_NODE_RESOURCE_DETECTORS']) ? {} : { resourceDetectors: defaultDetectors() }),
    // The sampler comes from OTEL_TRACES_SAMPLER / _ARG (default parentbased_always_on).
    // Traces only: metrics are Prometheus' (METRICS_PORT) and logs go to stdout, unless
    // OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER ask otherwise (the SDK would default to OTLP).
    ...(blank(env['OTEL_METRICS_EXPORTER']) ? {} : { metricReaders: [] }),
    ...(blank(env['OTEL_LOGS_EXPORTER']) ? {} : { logRecordProcessors: [] }),
  };
  if (options.spanProcessors) configuration.spanProcessors = options.spanProcessors;
  else configuration.traceExporter = options.traceExporter ?? exporterFor(settings.protocol);
  const sdk = new (load.sdk().NodeSDK)(configuration);
  sdk.start();
  // Our SERVER spans (http-server-spans.ts) stand for the http instrumentation's incoming side.
  const untraceServers = instrumentationNames(env).includes('http')
    ? traceHttpServers(load.http(), load.sdk().core.suppressTracing)
    : undefined;
  let stopping: Promise<void> | undefined;
  const handle: TracingHandle = {
    enabled: true,
    settings,
    shutdown() {
      untraceServers?.();
      stopping ??= sdk.shutdown().catch((error: unknown) => diag.error('tracing shutdown failed', error));
      return stopping;
    },
  };
  registry[HANDLE] = handle;
  return handle;
}

function defaultDetectors(): NonNullable<NodeSDKConfiguration['resourceDetectors']> {
  const { resources } = load.sdk();
  return [resources.envDetector, resources.processDetector, syncHostDetector];
}

/** The exporter for the protocol; it reads the endpoint, headers and timeout from OTEL_EXPORTER_OTLP_*. */
function exporterFor(protocol: OtlpProtocol): SpanExporter {
  return protocol === 'http/json' ? new (load.jsonExporter().OTLPTraceExporter)() : new (load.protobufExporter().OTLPTraceExporter)();
}

/** True once `startTracing` started an SDK in this process. */
export function isTracingEnabled(): boolean {
  return registry[HANDLE]?.enabled ?? false;
}

/**
 * True when the sampler follows the parent's decision (`parentbased_*`, the default): under
 * an unsampled parent no span can record, so our helpers skip making one (ratio 0.1: nine
 * deliveries in ten). Tests that pass their own span processors sample everything.
 */
export function followsParentSampling(): boolean {
  const handle = registry[HANDLE];
  return handle?.enabled === true && handle.settings.sampler.startsWith('parentbased_');
}

/** Flushes and stops the SDK if one runs (the service host calls it after the app closed). */
export async function shutdownTracing(): Promise<void> {
  await registry[HANDLE]?.shutdown();
}
