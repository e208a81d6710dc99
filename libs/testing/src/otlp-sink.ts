import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { baseUrl, listen } from './listen';

/** What an OtlpSink has taken in so far. */
export interface OtlpSinkStats {
  /** POSTs to /v1/traces answered 200. */
  readonly requests: number;
  /** Their bodies' bytes, as sent. */
  readonly bytes: number;
  /** Spans in those bodies. */
  readonly spans: number;
  /** Bodies it could not count (a broken exporter shows here, not as silence). */
  readonly errors: number;
}

/**
 * An OTLP/HTTP trace endpoint for benchmarks: it answers every export at once and only
 * counts what arrived (requests, bytes, spans), where `OtlpReceiver` decodes every span
 * into objects for assertions. A benchmark that shares its machine with the exporting
 * process must not charge that process for a collector's work: on two cores the
 * receiver's decoding used about 33 µs per gateway request at ratio 0.1 (docs/benchmarks.md),
 * a tenth of what the apps themselves spent. Counting walks the protobuf tags without
 * decoding a value; http/json bodies are parsed (native) and counted. Uncompressed bodies
 * only (the exporters' default).
 */
export class OtlpSink {
  private counted = { requests: 0, bytes: 0, spans: 0, errors: 0 };

  private constructor(private readonly server: Server) {}

  static async start(port = 0, host = '127.0.0.1'): Promise<OtlpSink> {
    const server = createServer();
    const sink = new OtlpSink(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => sink.handle(req, res));
    await listen(server, port, host);
    return sink;
  }

  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append `/v1/traces`). */
  get endpoint(): string {
    return baseUrl(this.server);
  }

  stats(): OtlpSinkStats {
    return { ...this.counted };
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/traces') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('POST /v1/traces only\n');
        return;
      }
      const body = Buffer.concat(chunks);
      let spans: number;
      try {
        if (req.headers['content-encoding'] && req.headers['content-encoding'] !== 'identity') throw new Error('compressed body');
        spans = json ? countJsonSpans(body) : countProtobufSpans(body);
      } catch {
        this.counted.errors += 1;
        res.writeHead(400, { 'content-type': 'text/plain' }).end('uncountable OTLP body\n');
        return;
      }
      this.counted.requests += 1;
      this.counted.bytes += body.length;
      this.counted.spans += spans;
      if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  }
}

function countJsonSpans(body: Buffer): number {
  const request = JSON.parse(body.toString('utf8')) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: unknown[] }> }> };
  let spans = 0;
  for (const resource of request.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
  return spans;
}

/**
 * ExportTraceServiceRequest: field 1 = ResourceSpans; in it field 2 = ScopeSpans; in that
 * field 2 = Span (opentelemetry/proto trace/v1). Counts the spans, skipping every other field.
 */
export function countProtobufSpans(body: Buffer): number {
  let spans = 0;
  forEachField(body, 0, body.length, 1, (start, end) =>
    forEachField(body, start, end, 2, (scopeStart, scopeEnd) => forEachField(body, scopeStart, scopeEnd, 2, () => (spans += 1))),
  );
  return spans;
}

/** Calls `visit` with the bounds of each length-delimited field numbered `wanted` in [start, end). */
function forEachField(buffer: Buffer, start: number, end: number, wanted: number, visit: (start: number, end: number) => void): void {
  let offset = start;
  while (offset < end) {
    const [key, afterKey] = varint(buffer, offset, end);
    const wire = key % 8;
    offset = afterKey;
    if (wire === 0) offset = varint(buffer, offset, end)[1];
    else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else if (wire === 2) {
      const [length, next] = varint(buffer, offset, end);
      offset = next + length;
      if (offset > end) throw new Error('truncated length-delimited field');
      if (Math.floor(key / 8) === wanted) visit(next, offset);
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  if (offset !== end) throw new Error('truncated message');
}

/** A varint up to 2^53 (lengths, tags; a skipped 64-bit value only needs its end). */
function varint(buffer: Buffer, start: number, end: number): [number, number] {
  let result = 0;
  let scale = 1;
  let offset = start;
  for (;;) {
    if (offset >= end) throw new Error('truncated varint');
    const byte = buffer[offset++] as number;
    result += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [result, offset];
    scale *= 128;
  }
}
