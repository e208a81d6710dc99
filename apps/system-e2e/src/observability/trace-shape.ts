import type { OtlpReceiver, ReceivedSpan } from '@eshop/testing';

/**
 * Questions a trace spec asks of the spans one trace delivered to the receiver: find a
 * span (failing with what did arrive), and whether one span descends from another through
 * parent ids only (links do not count: they are not the trace tree).
 */
export class TraceShape {
  constructor(
    private readonly receiver: OtlpReceiver,
    readonly traceId: string,
  ) {}

  spans(): ReceivedSpan[] {
    return this.receiver.trace(this.traceId);
  }

  find(what: string, predicate: (span: ReceivedSpan) => boolean): ReceivedSpan {
    const span = this.spans().find(predicate);
    if (!span) throw new Error(`no ${what} span in trace ${this.traceId}:\n${this.describe()}`);
    return span;
  }

  named(service: string, name: string): ReceivedSpan {
    return this.find(`${service} "${name}"`, (span) => span.serviceName === service && span.name === name);
  }

  /** True when `ancestor` is `span`'s parent, grandparent, … within this trace. */
  descends(span: ReceivedSpan, ancestor: ReceivedSpan): boolean {
    const byId = new Map(this.spans().map((s) => [s.spanId, s]));
    for (let parent = span.parentSpanId; parent !== undefined; parent = byId.get(parent)?.parentSpanId) {
      if (parent === ancestor.spanId) return true;
    }
    return false;
  }

  /** The spans below `ancestor` that `predicate` picks. */
  below(ancestor: ReceivedSpan, predicate: (span: ReceivedSpan) => boolean): ReceivedSpan[] {
    return this.spans().filter((span) => predicate(span) && this.descends(span, ancestor));
  }

  /** One line per span, indented by depth (a failing assertion shows the tree). */
  describe(): string {
    const spans = this.spans();
    const ids = new Set(spans.map((s) => s.spanId));
    const lines: string[] = [];
    const walk = (span: ReceivedSpan, depth: number): void => {
      lines.push(`${'  '.repeat(depth)}${span.serviceName} ${span.kind} ${span.name}`);
      for (const child of spans.filter((s) => s.parentSpanId === span.spanId)) walk(child, depth + 1);
    };
    for (const root of spans.filter((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId))) walk(root, 0);
    return lines.join('\n');
  }
}
