import {
  context,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The span context a W3C `traceparent` names (as a remote parent), or undefined when the
 * value is missing or malformed. Kept here, not imported from @eshop/event-bus, so that this
 * entry point loads nothing but @opentelemetry/* before the instrumentations are registered.
 */
export function spanContextFromTraceparent(value: unknown): SpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value);
  if (!match) return undefined;
  const spanContext: SpanContext = {
    traceId: match[1] as string,
    spanId: match[2] as string,
    traceFlags: Number.parseInt(match[3] as string, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** `00-<trace id>-<span id>-<flags>` for a span context. */
export function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * The `traceparent` of the active span, or undefined outside any (valid) span. With tracing
 * off there is never an active span: callers keep their own header then.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const spanContext = trace.getSpanContext(active);
  return spanContext && isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : undefined;
}

/** `base` with the remote span named by `traceparent` as its parent (unchanged if invalid). */
export function contextWithTraceparent(traceparent: unknown, base: Context = context.active()): Context {
  const spanContext = spanContextFromTraceparent(traceparent);
  return spanContext ? trace.setSpanContext(base, spanContext) : base;
}
