import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

/** Span kinds by their OTLP enum value. */
const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return receiver;
  }

  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append `/v1/traces`). */
  get endpoint(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
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

interface Field {
  readonly number: number;
  readonly varint?: bigint;
  readonly bytes?: Buffer;
  readonly fixed64?: Buffer;
  readonly fixed32?: Buffer;
}

function readVarint(buffer: Buffer, start: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  let offset = start;
  for (;;) {
    if (offset >= buffer.length) throw new Error('truncated varint');
    const byte = buffer[offset++] as number;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, offset];
    shift += 7n;
  }
}

/** The fields of one message, in order (repeated fields appear once each). */
function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const [key, afterKey] = readVarint(buffer, offset);
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    offset = afterKey;
    if (wire === 0) {
      const [value, next] = readVarint(buffer, offset);
      out.push({ number, varint: value });
      offset = next;
    } else if (wire === 1) {
      out.push({ number, fixed64: buffer.subarray(offset, offset + 8) });
      offset += 8;
    } else if (wire === 2) {
      const [length, next] = readVarint(buffer, offset);
      const end = next + Number(length);
      if (end > buffer.length) throw new Error('truncated length-delimited field');
      out.push({ number, bytes: buffer.subarray(next, end) });
      offset = end;
    } else if (wire === 5) {
      out.push({ number, fixed32: buffer.subarray(offset, offset + 4) });
      offset += 4;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

const messagesOf = (list: Field[], number: number): Buffer[] =>
  list.filter((f) => f.number === number && f.bytes).map((f) => f.bytes as Buffer);
const bytesOf = (list: Field[], number: number): Buffer | undefined => messagesOf(list, number)[0];
const stringOf = (list: Field[], number: number): string => bytesOf(list, number)?.toString('utf8') ?? '';
const varintOf = (list: Field[], number: number): bigint => list.find((f) => f.number === number)?.varint ?? 0n;
const fixed64Of = (list: Field[], number: number): bigint =>
  list.find((f) => f.number === number)?.fixed64?.readBigUInt64LE(0) ?? 0n;

/** AnyValue: 1 string, 2 bool, 3 int64, 4 double, 5 array, 6 kvlist, 7 bytes. */
function protoValue(buffer: Buffer): unknown {
  const list = fields(buffer);
  const field = list[0];
  if (!field) return undefined;
  switch (field.number) {
    case 1:
      return field.bytes?.toString('utf8');
    case 2:
      return field.varint === 1n;
    case 3:
      return Number(BigInt.asIntN(64, field.varint ?? 0n));
    case 4:
      return field.fixed64?.readDoubleLE(0);
    case 5:
      return messagesOf(fields(field.bytes ?? Buffer.alloc(0)), 1).map(protoValue);
    case 6:
      return protoAttributes(messagesOf(fields(field.bytes ?? Buffer.alloc(0)), 1));
    default:
      return field.bytes?.toString('hex');
  }
}

/** KeyValue: 1 key, 2 value. */
function protoAttributes(keyValues: Buffer[]): Record<string, unknown> {
  return Object.fromEntries(
    keyValues.map((kv) => {
      const list = fields(kv);
      const value = bytesOf(list, 2);
      return [stringOf(list, 1), value ? protoValue(value) : undefined];
    }),
  );
}

/** Spans of an ExportTraceServiceRequest in protobuf (opentelemetry/proto trace/v1). */
export function spansFromProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of messagesOf(fields(body), 1)) {
    const rs = fields(resourceSpans);
    const resourceMessage = bytesOf(rs, 1);
    const resource = resourceMessage ? protoAttributes(messagesOf(fields(resourceMessage), 1)) : {};
    for (const scopeSpans of messagesOf(rs, 2)) {
      const ss = fields(scopeSpans);
      const scopeMessage = bytesOf(ss, 1);
      const scope = scopeMessage ? stringOf(fields(scopeMessage), 1) : '';
      for (const spanMessage of messagesOf(ss, 2)) {
        const s = fields(spanMessage);
        const parent = bytesOf(s, 4)?.toString('hex') ?? '';
        const statusMessage = bytesOf(s, 15);
        const status = statusMessage ? fields(statusMessage) : [];
        const statusText = stringOf(status, 2);
        spans.push({
          traceId: bytesOf(s, 1)?.toString('hex') ?? '',
          spanId: bytesOf(s, 2)?.toString('hex') ?? '',
          parentSpanId: parent || undefined,
          name: stringOf(s, 5),
          kind: KINDS[Number(varintOf(s, 6))] ?? 'UNSPECIFIED',
          serviceName: String(resource['service.name'] ?? ''),
          scope,
          attributes: protoAttributes(messagesOf(s, 9)),
          resource,
          links: messagesOf(s, 13).map((link) => {
            const l = fields(link);
            return {
              traceId: bytesOf(l, 1)?.toString('hex') ?? '',
              spanId: bytesOf(l, 2)?.toString('hex') ?? '',
              attributes: protoAttributes(messagesOf(l, 4)),
            };
          }),
          status: { code: Number(varintOf(status, 3)), ...(statusText ? { message: statusText } : {}) },
          startTimeUnixNano: fixed64Of(s, 7),
          endTimeUnixNano: fixed64Of(s, 8),
          protocol: 'protobuf',
        });
      }
    }
  }
  return spans;
}
