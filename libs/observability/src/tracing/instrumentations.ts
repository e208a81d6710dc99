import { context, trace, type Span } from '@opentelemetry/api';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { formatTraceparent, hasValidIds } from './traceparent';

// The instrumentations are loaded by startTracing, and only when tracing is on: with the SDK
// they take a second or more to load, which every process importing @eshop/observability (and
// every test) would pay for nothing. `require` keeps the load synchronous: they must be
// registered before main.ts loads anything else.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  http: () => require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http'),
  undici: () => require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici'),
  express: () => require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express'),
  nest: () => require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core'),
  pg: () => require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg'),
  ioredis: () => require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis'),
  pino: () => require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type Instrumentations = NonNullable<NodeSDKConfiguration['instrumentations']>;
type Instrumentation = Instrumentations[number];

/** True when the active span records: a sampled trace (an unsampled one has a non-recording span). */
function recordingParent(): boolean {
  return trace.getSpan(context.active())?.isRecording() === true;
}

type Wrap = <Nodule extends object, FieldName extends keyof Nodule>(
  nodule: Nodule,
  name: FieldName,
  wrapper: (original: Nodule[FieldName], name: FieldName) => Nodule[FieldName],
) => unknown;

/**
 * The patching function of an instrumentation (its `_wrap`), made to call the library's own
 * function, untouched, unless a recording span is active. The instrumentations of pg and
 * ioredis already skip work outside any span (`requireParentSpan`), but under an unsampled
 * parent (nine requests in ten at ratio 0.1) they still build the span's name and attributes,
 * start a non-recording span, bind callbacks and time the call: per query and per command,
 * for nothing anyone sees. With the parent-based samplers (the default, and the ones ADR 0016
 * assumes) a span of theirs can only record under a recording parent: the gate changes no trace.
 */
export function whenRecording<W extends Wrap>(wrap: W): W {
  function gated<Nodule extends object, FieldName extends keyof Nodule>(
    nodule: Nodule,
    name: FieldName,
    wrapper: (original: Nodule[FieldName], name: FieldName) => Nodule[FieldName],
  ): unknown {
    return wrap(nodule, name, (original, field) => {
      const traced = wrapper(original, field);
      if (typeof original !== 'function' || typeof traced !== 'function') return traced;
      const call = original as (...args: unknown[]) => unknown;
      const tracedCall = traced as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]) {
        return recordingParent() ? tracedCall.apply(this, args) : call.apply(this, args);
      } as Nodule[FieldName];
    });
  }
  return gated as W;
}

/** What the undici instrumentation hands its hooks (the subset used here). */
interface UndiciRequestLike {
  headers: string | (string | string[])[];
  addHeader?: (name: string, value: string) => void;
}

/**
 * The undici instrumentation's `ignoreRequestHook`. Under an unsampled span it skips the
 * CLIENT span (URL parsing, attributes, a non-recording span, four channel callbacks) and
 * writes the W3C `traceparent` (and `tracestate`) itself, so the upstream still follows the
 * decision (flag 00) and keeps the trace ids. Outside any span, and under a recording one, the instrumentation
 * works as usual (a root call is sampled like any root).
 */
export function propagateOnlyWhenUnsampled(request: UndiciRequestLike): boolean {
  const span: Span | undefined = trace.getSpan(context.active());
  if (span === undefined || span.isRecording()) return false;
  const spanContext = span.spanContext();
  if (!hasValidIds(spanContext)) return true;
  addHeader(request, 'traceparent', formatTraceparent(spanContext));
  const state = spanContext.traceState?.serialize();
  if (state) addHeader(request, 'tracestate', state);
  return true;
}

/** As the instrumentation adds its headers: undici ≥ 6 has `addHeader`, older ones a string or a list. */
function addHeader(request: UndiciRequestLike, name: string, value: string): void {
  if (typeof request.addHeader === 'function') request.addHeader(name, value);
  else if (typeof request.headers === 'string') request.headers += `${name}: ${value}\r\n`;
  else request.headers.push(name, value);
}

/**
 * The instrumentations of every app, named as in @opentelemetry/auto-instrumentations-node.
 * `express` and `nestjs-core` are not on by default: a span per middleware, route and
 * handler, with their context switches and extra promises, cost the gateway and catalog more
 * than the rest of tracing together, sampled or not (docs/adr/0016); the SERVER span carries
 * the method, path and (Express) route instead. `http` also stands for our SERVER spans.
 */
const FACTORIES: Readonly<Record<string, (env: NodeJS.ProcessEnv) => Instrumentation>> = {
  // CLIENT spans of `node:http` only: the SERVER spans are ours (http-server-spans.ts).
  http: () => new (load.http().HttpInstrumentation)({ disableIncomingRequestInstrumentation: true }),
  undici: () => new (load.undici().UndiciInstrumentation)({ ignoreRequestHook: propagateOnlyWhenUnsampled }),
  express: () => new (load.express().ExpressInstrumentation)(),
  'nestjs-core': () => new (load.nest().NestInstrumentation)(),
  pg: () => {
    const { PgInstrumentation } = load.pg();
    class PgWhenSampled extends PgInstrumentation {
      constructor(config: ConstructorParameters<typeof PgInstrumentation>[0]) {
        super(config);
        this._wrap = whenRecording(this._wrap);
      }
    }
    // No `pg.connect` / `pg-pool.connect` spans: taking a pooled client is not a query, and
    // those spans were a third of what a sampled catalog read recorded and exported.
    return new PgWhenSampled({ requireParentSpan: true, ignoreConnectSpans: true });
  },
  ioredis: () => {
    const { IORedisInstrumentation } = load.ioredis();
    class IORedisWhenSampled extends IORedisInstrumentation {
      constructor(config: ConstructorParameters<typeof IORedisInstrumentation>[0]) {
        super(config);
        this._wrap = whenRecording(this._wrap);
      }
    }
    return new IORedisWhenSampled({ requireParentSpan: true });
  },
  // No amqplib instrumentation: the bus writes the `traceparent` header from its own
  // PRODUCER span and opens the CONSUMER span from it (messaging-spans.ts); the
  // instrumentation's two extra spans per message cost more CPU than amqplib itself.
  // trace_id, span_id and trace_flags on every log line written inside a span. Not "log
  // sending" (each line parsed again and handed to the OTel Logs SDK) unless
  // OTEL_LOGS_EXPORTER asks for logs over OTLP.
  pino: (env) => new (load.pino().PinoInstrumentation)({ disableLogSending: !env['OTEL_LOGS_EXPORTER']?.trim() }),
};

export const DEFAULT_INSTRUMENTATIONS = ['http', 'undici', 'pg', 'ioredis', 'pino'] as const;
export const KNOWN_INSTRUMENTATIONS = Object.keys(FACTORIES);

const names = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

/**
 * The instrumentations: the defaults, or exactly those OTEL_NODE_ENABLED_INSTRUMENTATIONS
 * names (e.g. `http,undici,pg,ioredis,pino,nestjs-core` to add Nest's spans), less those
 * OTEL_NODE_DISABLED_INSTRUMENTATIONS names — comma-separated, as for auto-instrumentations-node.
 */
export function instrumentationNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const enabled = names(env['OTEL_NODE_ENABLED_INSTRUMENTATIONS']);
  const disabled = new Set(names(env['OTEL_NODE_DISABLED_INSTRUMENTATIONS']));
  const chosen = enabled.length > 0 ? KNOWN_INSTRUMENTATIONS.filter((name) => enabled.includes(name)) : [...DEFAULT_INSTRUMENTATIONS];
  return chosen.filter((name) => !disabled.has(name));
}

/** The instrumentations `instrumentationNames` chooses. */
export function eshopInstrumentations(env: NodeJS.ProcessEnv = process.env): Instrumentations {
  return instrumentationNames(env).map((name) => (FACTORIES[name] as (env: NodeJS.ProcessEnv) => Instrumentation)(env));
}
