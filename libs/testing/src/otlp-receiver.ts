import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { baseUrl, listen } from './listen';
import { spansFromProtobuf } from './otlp-protobuf';

/** Span kinds by their OTLP enum value. */
export const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
export type ReceivedSpanKind = (typeof KINDS)[number];

export interface ReceivedLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Record<string, unknown>;
}

/** One span as an exporter sent it, flattened for assertions. Ids are lowercase hex. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: ReceivedSpanKind;
  /** `service.name` of the resource that sent it. */
  readonly serviceName: string;
  /** Instrumentation scope (e.g. `@opentelemetry/instrumentation-pg`, `@eshop/observability`). */
  readonly scope: string;
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
  readonly links: ReceivedLink[];
  readonly status: { readonly code: number; readonly message?: string };
  /** Nanoseconds since the epoch, as a bigint (exact). */
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  /** How it arrived: `json` (http/json) or `protobuf` (http/protobuf). */
  readonly protocol: 'json' | 'protobuf';
}

/**
 * An OTLP/HTTP trace receiver for tests: point `OTEL_EXPORTER_OTLP_ENDPOINT` at `endpoint`
 * and every span the SDK exports (`POST /v1/traces`, http/json or http/protobuf, gzip or
 * not) is collected, so a system test can assert one trace across services. Logs and
 * metrics posts are accepted and ignored.
 */
export class OtlpReceiver {
  private readonly collected: ReceivedSpan[] = [];
  private readonly waiters = new Set<() => void>();
  /** Bodies the receiver could not decode (a failing exporter shows up here, not as silence). */
  readonly errors: string[] = [];

  private constructor(private readonly server: Server) {}

  static async start(port = 0, host = '127.0.0.1'): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void receiver.handle(req).then(
        ({ status, contentType, body }) => res.writeHead(status, { 'content-type': contentType }).end(body),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    });
    await listen(server, port, host);
    return receiver;
  }

  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append `/v1/traces`). */
  get endpoint(): string {
    return baseUrl(this.server);
  }

  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[] {
    return [...this.collected];
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.collected.filter((span) => span.traceId === traceId);
  }

  /** The parent of a span within the spans received, if it arrived. */
  parentOf(span: ReceivedSpan): ReceivedSpan | undefined {
    return span.parentSpanId === undefined
      ? undefined
      : this.collected.find((other) => other.traceId === span.traceId && other.spanId === span.parentSpanId);
  }

  /**
   * Resolves with the spans once `done(spans)` holds; rejects after `timeoutMs` with what
   * arrived (names and services), so a failing test says which spans are missing.
   */
  async waitFor(done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 10_000): Promise<ReceivedSpan[]> {
    if (done(this.spans())) return this.spans();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done(this.spans())) return;
        cleanup();
        resolve(this.spans());
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.collected.map((s) => `${s.serviceName}:${s.kind}:${s.name}`).join(', ') || 'none';
        reject(new Error(`spans not received within ${timeoutMs} ms; received: ${seen}${this.errors.length ? `; errors: ${this.errors.join('; ')}` : ''}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  clear(): void {
    this.collected.length = 0;
    this.errors.length = 0;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; contentType: string; body: string | Buffer }> {
    const path = req.url?.split('?')[0] ?? '';
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const json = type === 'application/json';
    const ok = json
      ? { status: 200, contentType: 'application/json', body: '{}' }
      : { status: 200, contentType: 'application/x-protobuf', body: Buffer.alloc(0) };
    if (req.method !== 'POST') return { status: 405, contentType: 'text/plain', body: 'POST only\n' };
    const raw = decompress(await readBody(req), req.headers['content-encoding']);
    if (path === '/v1/logs' || path === '/v1/metrics') return ok;
    if (path !== '/v1/traces') return { status: 404, contentType: 'text/plain', body: 'not found\n' };
    try {
      const spans = json ? spansFromJson(JSON.parse(raw.toString('utf8'))) : spansFromProtobuf(raw);
      this.collected.push(...spans);
    } catch (error) {
      this.errors.push(`${type}: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 400, contentType: 'text/plain', body: 'undecodable OTLP body\n' };
    }
    for (const waiter of [...this.waiters]) waiter();
    return ok;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

// ---- http/json (OTLP/JSON: ids are hex strings, enums integers, 64-bit ints strings or numbers)

type Json = Record<string, unknown>;
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const asRecord = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

function jsonValue(value: unknown): unknown {
  const v = asRecord(value);
  if ('stringValue' in v) return v['stringValue'];
  if ('boolValue' in v) return v['boolValue'];
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return Number(v['doubleValue']);
  if ('arrayValue' in v) return asArray(asRecord(v['arrayValue'])['values']).map(jsonValue);
  if ('kvlistValue' in v) return jsonAttributes(asRecord(v['kvlistValue'])['values']);
  if ('bytesValue' in v) return v['bytesValue'];
  return undefined;
}

function jsonAttributes(list: unknown): Record<string, unknown> {
  return Object.fromEntries(asArray(list).map((kv) => [String(kv['key']), jsonValue(kv['value'])]));
}

/** JSON ids are hex; some encoders use base64 (the protobuf JSON mapping): accept both. */
function jsonId(value: unknown, bytes: number): string {
  const text = typeof value === 'string' ? value : '';
  if (text.length === bytes * 2 && /^[0-9a-f]+$/i.test(text)) return text.toLowerCase();
  return text ? Buffer.from(text, 'base64').toString('hex') : '';
}

function jsonNanos(value: unknown): bigint {
  if (typeof value === 'string' || typeof value === 'number') return BigInt(value);
  const v = asRecord(value); // { low, high } from older encoders
  if ('low' in v) return (BigInt(Number(v['high'] ?? 0) >>> 0) << 32n) + BigInt(Number(v['low']) >>> 0);
  return 0n;
}

/** Spans of an ExportTraceServiceRequest in OTLP/JSON. */
export function spansFromJson(body: unknown): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of asArray(asRecord(body)['resourceSpans'])) {
    const resource = jsonAttributes(asRecord(resourceSpans['resource'])['attributes']);
    for (const scopeSpans of asArray(resourceSpans['scopeSpans'])) {
      const scope = String(asRecord(scopeSpans['scope'])['name'] ?? '');
      for (const span of asArray(scopeSpans['spans'])) {
        const parent = jsonId(span['parentSpanId'], 8);
        const status = asRecord(span['status']);
        spans.push({
          traceId: jsonId(span['traceId'], 16),
          spanId: jsonId(span['spanId'], 8),
          parentSpanId: parent || undefined,
          name: String(span['name'] ?? ''),
          kind: KINDS[Number(span['kind'] ?? 0)] ?? 'UNSPECIFIED',
          serviceName: String(resource['service.name'] ?? ''),
          scope,
          attributes: jsonAttributes(span['attributes']),
          resource,
          links: asArray(span['links']).map((link) => ({
            traceId: jsonId(link['traceId'], 16),
            spanId: jsonId(link['spanId'], 8),
            attributes: jsonAttributes(link['attributes']),
          })),
          status: { code: Number(status['code'] ?? 0), ...(status['message'] ? { message: String(status['message']) } : {}) },
          startTimeUnixNano: jsonNanos(span['startTimeUnixNano']),
          endTimeUnixNano: jsonNanos(span['endTimeUnixNano']),
          protocol: 'json',
        });
      }
    }
  }
  return spans;
}

// ---- http/protobuf: a minimal reader of the wire format for the trace messages' fields

export { spansFromProtobuf };
