import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Instrumentation scope of the SERVER spans (they replace @opentelemetry/instrumentation-http's). */
export const HTTP_SERVER_SCOPE = '@eshop/observability/http-server';

/** Health probes and scrapes would drown the traces people look for: no span, no trace below. */
export const UNTRACED_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * One SERVER span per request of every `node:http` server in the process (Fastify and
 * Express alike), started when the server emits `request`: the caller's `traceparent` is the
 * parent and the sampler decides. With a recording span it is named by method (and by the
 * route, when Express left it on the request), carries the request's method, path, scheme,
 * host, protocol, client address and user agent, the response's status, and ends when the
 * response closes (`suppressTracing` is @opentelemetry/core's: nothing below a health probe
 * records). An unsampled request gets the sampler's non-recording span and nothing
 * else: its ids are active for the handler (logs, outbox rows and outgoing calls carry them,
 * flag 00), no attribute is computed and nothing waits for the response.
 *
 * This is what @opentelemetry/instrumentation-http did for incoming requests, less its
 * per-request work that an unsampled trace never shows (attribute parsing, metrics
 * attributes, hooks, a patched `response.end`), which cost the gateway and catalog about as
 * much as everything else in tracing (docs/adr/0016-tracing-instrumentation-budget.md).
 */
export function traceHttpServers(http: { Server: { prototype: Server } }, suppressTracing: (context: Context) => Context): () => void {
  const prototype = http.Server.prototype;
  const original = prototype.emit as Emit;
  const tracer = trace.getTracer(HTTP_SERVER_SCOPE);
  const patched: Emit = function (this: Server, event, ...args) {
    if (event === 'connection') learnPeer(args[0]);
    if (event !== 'request') return original.call(this, event, ...args);
    const request = args[0] as IncomingMessage;
    const response = args[1] as ServerResponse;
    if (UNTRACED_PATHS.test(request.url ?? '')) {
      return context.with(suppressTracing(context.active()), () => original.call(this, event, ...args));
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(request.method ?? 'GET', { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) recordRequest(span, request, response);
    const active: Context = trace.setSpan(parent, span);
    // A body's chunks are emitted from the connection's parser, outside the request's
    // context: its listeners are bound to it, so the handler that runs once the body is read
    // stays in the trace. Without a body the handler runs inside `emit`, and the response's
    // events follow the writes made in the request's context: nothing to bind.
    if (mayHaveBody(request)) context.bind(active, request);
    return context.with(active, () => original.call(this, event, ...args));
  };
  prototype.emit = patched as Server['emit'];
  return () => {
    if (prototype.emit === patched) prototype.emit = original as Server['emit'];
  };
}

/**
 * Reads the new connection's peer address once, before the HTTP server adds its own fields.
 * Node caches it in the socket's `_peername` field on the first `remoteAddress` read, which
 * gives the socket another V8 map. A sampled request reads it (`client.address`) and an
 * unsampled one does not, so sockets of one server ended up with maps in several orders, and
 * with the process's other sockets Node's socket code saw more maps than its inline caches
 * keep and went megamorphic for every request (docs/adr/0016, decision 11). Read here, every
 * connection takes the same path of maps, whichever of its requests are sampled.
 */
function learnPeer(socket: unknown): void {
  void (socket as { remoteAddress?: string } | undefined)?.remoteAddress;
}

/** A request with a body announces it (RFC 9112 §6.3): a length above 0 or a transfer coding. */
function mayHaveBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function recordRequest(span: Span, request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const socket = request.socket as (typeof request.socket & { encrypted?: boolean }) | undefined;
  const host = request.headers.host;
  const userAgent = request.headers['user-agent'];
  span.setAttributes({
    'http.request.method': request.method ?? 'GET',
    'url.path': query < 0 ? url : url.slice(0, query),
    'url.scheme': socket?.encrypted ? 'https' : 'http',
    'network.protocol.version': request.httpVersion,
    ...(query < 0 ? {} : { 'url.query': url.slice(query + 1) }),
    ...(host ? { 'server.address': host.replace(/:\d+$/, '') } : {}),
    ...(socket?.remoteAddress ? { 'client.address': socket.remoteAddress } : {}),
    ...(userAgent ? { 'user_agent.original': userAgent } : {}),
  });
  response.once('close', () => {
    const status = response.statusCode;
    span.setAttribute('http.response.status_code', status);
    const route = (request as { route?: { path?: unknown } }).route?.path;
    if (typeof route === 'string') {
      span.setAttribute('http.route', route);
      span.updateName(`${request.method ?? 'GET'} ${route}`);
    }
    if (!response.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'closed before the response was sent' });
    else if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
