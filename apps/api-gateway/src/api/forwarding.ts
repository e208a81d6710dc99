import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTraceparent, newTraceparent } from '@eshop/event-bus';
import { isTracingEnabled } from '@eshop/tracing';
import type { UpstreamRequest, UpstreamResponse } from '../application/upstream.port';

/** Client headers the upstreams need: identity, idempotency key, trace context, content negotiation, revalidation. */
const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'x-requestid',
  'traceparent',
  'tracestate',
  'content-type',
  'accept',
  'accept-language',
  // A catalog item's ETag is its version: the upstream answers 304 for one the client holds.
  'if-none-match',
] as const;

/** Upstream headers worth giving back; hop-by-hop and framing headers are the gateway's own. */
const RETURNED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'retry-after'];

/**
 * The headers sent upstream: the allow-listed client headers, the gateway's request id as
 * `x-request-id` (the upstream logs it too: one id across services), a `traceparent`
 * (the client's, or a new trace) and `x-forwarded-for`.
 */
export function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  headers['x-request-id'] = request.id;
  // With tracing on, undici's instrumentation writes the trace context of the gateway's
  // CLIENT span (a child of the client's traceparent): a copy here would make two headers.
  if (isTracingEnabled()) {
    delete headers['traceparent'];
    delete headers['tracestate'];
  } else if (!isTraceparent(headers['traceparent'])) {
    // The gateway is where traces start: a request without a valid trace context gets one.
    headers['traceparent'] = newTraceparent();
    delete headers['tracestate'];
  }
  const peer = request.raw.socket.remoteAddress;
  const earlier = request.headers['x-forwarded-for'];
  if (peer) headers['x-forwarded-for'] = typeof earlier === 'string' ? `${earlier}, ${peer}` : peer;
  return headers;
}

/** The client's request as it goes upstream: same method, path and query; JSON body re-sent. */
export function toUpstreamRequest(request: FastifyRequest): UpstreamRequest {
  const { body } = request;
  return {
    method: request.method,
    path: request.url,
    headers: forwardedHeaders(request),
    // SIMPLIFICATION: Fastify has parsed the body (JSON, depth-bounded at the edge, or text); it is re-serialised.
    ...(body === undefined || body === null ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  };
}

export function sendUpstreamResponse(reply: FastifyReply, response: UpstreamResponse): void {
  for (const name of RETURNED_RESPONSE_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) reply.header(name, value);
  }
  void reply.status(response.status).send(response.body);
}
