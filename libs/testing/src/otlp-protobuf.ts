import { KINDS, type ReceivedSpan } from './otlp-receiver';

/**
 * Just enough of a protobuf reader to decode OTLP's ExportTraceServiceRequest in tests
 * (field numbers from opentelemetry/proto trace/v1), so the receiver needs no proto library.
 */
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
