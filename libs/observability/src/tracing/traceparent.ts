import {
  context,
  INVALID_SPANID,
  INVALID_TRACEID,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

/** Version 00: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`, lower case, 55 characters. */
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The span context a W3C `traceparent` names (as a remote parent), or undefined when the
 * value is missing or malformed. Kept here, not imported from @eshop/event-bus, so that this
 * entry point loads nothing but @opentelemetry/* before the instrumentations are registered.
 */
export function spanContextFromTraceparent(value: unknown): SpanContext | undefined {
  // One test without capture groups, then slices: no match array on every delivery.
  if (typeof value !== 'string' || value.length !== 55 || !TRACEPARENT.test(value)) return undefined;
  const spanContext: SpanContext = {
    traceId: value.slice(3, 35),
    spanId: value.slice(36, 52),
    traceFlags: Number.parseInt(value.slice(53), 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return hasValidIds(spanContext) ? spanContext : undefined;
}

/**
 * The span context `ctx` holds, if it names a real span. The ids' format is not checked
 * again: what reaches a context was made by the SDK, by a propagator that checked it, or by
 * `spanContextFromTraceparent`. Only the all-zero ids of the API's "no span" are refused.
 * (The API's `isSpanContextValid` runs two regular expressions; with this on every delivery
 * and publish, they were a measurable part of what tracing at 0.0 added: docs/benchmarks.md.)
 */
export function activeSpanContext(ctx: Context = context.active()): SpanContext | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && hasValidIds(spanContext) ? spanContext : undefined;
}

/** True unless the ids are the API's all-zero "no span" ones (the format is not checked: see above). */
export function hasValidIds(spanContext: SpanContext): boolean {
  return spanContext.traceId !== INVALID_TRACEID && spanContext.spanId !== INVALID_SPANID;
}

/** `00-<trace id>-<span id>-<flags>` for a span context. */
export function formatTraceparent(spanContext: SpanContext): string {
  const bits = spanContext.traceFlags & 0xff;
  const flags = bits === TraceFlags.SAMPLED ? '01' : bits === TraceFlags.NONE ? '00' : bits.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * The `traceparent` of the active span, or undefined outside any (valid) span. With tracing
 * off there is never an active span: callers keep their own header then.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const spanContext = activeSpanContext(active);
  return spanContext ? formatTraceparent(spanContext) : undefined;
}

/** `base` with the remote span named by `traceparent` as its parent (unchanged if invalid). */
export function contextWithTraceparent(traceparent: unknown, base: Context = context.active()): Context {
  const spanContext = spanContextFromTraceparent(traceparent);
  return spanContext ? trace.setSpanContext(base, spanContext) : base;
}
