// Trace ids for the benches that run under bench:tracing: what the apps' messages and callers
// carry at the run's sampler ratio, made before any clock starts.
import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';

/**
 * The share of traces a parent-based sampler at the run's ratio records: bench:tracing runs
 * the benches at OTEL_TRACES_SAMPLER_ARG 1.0 and 0.1, and what they hand the bus (message
 * headers, callers' contexts) must carry the decisions a caller at that ratio made (flag 01 on
 * that share, 00 on the rest), or every message would continue a sampled trace whatever the
 * ratio. Tracing off: nothing reads the flags.
 */
export function sampledShare(env: NodeJS.ProcessEnv = process.env): number {
  return env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? Number(env['OTEL_TRACES_SAMPLER_ARG'] ?? 1) : 1;
}

/** `count` W3C traceparents, new trace ids, sampled on `share` of them. */
export function traceparents(count: number, share = sampledShare()): string[] {
  return Array.from({ length: count }, () => {
    const flags = Math.random() < share ? '01' : '00';
    return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-${flags}`;
  });
}

/**
 * The active context of `count` callers, each in its own trace (sampled on `share`): what is
 * active where an app publishes. The apps publish from inside a trace: basket's checkout in
 * its HTTP request, the relays with the row's traceparent. Under a parent, the parent-based
 * sampler has decided already; a publish outside any trace is a root, and the SDK samples
 * each one. The contexts exist in every mode (the API needs no SDK for them).
 */
export function callerContexts(count: number, share = sampledShare()): Context[] {
  return traceparents(count, share).map((traceparent) => {
    const [, traceId = '', spanId = '', flags = '00'] = traceparent.split('-');
    return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: false });
  });
}
