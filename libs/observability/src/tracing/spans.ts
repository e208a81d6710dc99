import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
  type Tracer,
} from '@opentelemetry/api';

/** Instrumentation scope of the spans our own code records. */
export const ESHOP_TRACER_NAME = '@eshop/observability';

let tracer: Tracer | undefined;

/**
 * Our tracer. Without the SDK (no endpoint) the API hands out no-op spans: these helpers cost
 * next to nothing. Kept once asked for: the API's tracer follows the SDK registered later, and
 * a lookup per span (the provider's key string and map) was a measurable part of a publish.
 */
export function eshopTracer(): Tracer {
  tracer ??= trace.getTracer(ESHOP_TRACER_NAME);
  return tracer;
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly links?: Link[];
  /** Parent context; the active one by default. */
  readonly parent?: Context;
}

/** Records an exception on the span and marks it failed. */
export function recordFailure(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  else span.recordException({ message: String(error) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `fn` inside a new span (active for everything `fn` awaits: DB, Redis, HTTP and bus
 * calls made in it become its children), ends the span when `fn` settles and records a
 * thrown error on it before rethrowing. `attributes` may be a function, called only when the
 * span records.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes | (() => Attributes),
  fn: (span: Span) => Promise<T> | T,
  options: SpanOptions = {},
): Promise<T> {
  const parent = options.parent ?? context.active();
  // Attributes given as a function are computed only for a span that records (the sampler
  // does not see them): a root the ratio sampler drops costs no attribute object.
  const lazy = typeof attributes === 'function';
  const span = eshopTracer().startSpan(
    name,
    {
      ...(lazy ? {} : { attributes }),
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      ...(options.links ? { links: options.links } : {}),
    },
    parent,
  );
  if (lazy && span.isRecording()) span.setAttributes(attributes());
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}
