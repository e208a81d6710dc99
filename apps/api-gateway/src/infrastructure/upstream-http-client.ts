import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../application/upstream.port';

export interface UpstreamHttpClientOptions {
  /** Idle keep-alive sockets are closed after this long (an upstream's own limit may be lower). */
  readonly keepAliveTimeoutMs: number;
  /** Sockets per upstream origin; `undefined`: as many as there are concurrent calls. */
  readonly connectionsPerOrigin?: number;
}

/**
 * HTTP to the upstreams on undici: one pool of keep-alive sockets per origin (no TCP
 * handshake per request), and the call is cancelled when `signal` fires, so a request the
 * gateway gave up on (timeout) frees its socket instead of waiting for a late answer.
 */
export class UpstreamHttpClient implements UpstreamClient {
  private readonly agent: Agent;
  private readonly bases = new Map<string, { origin: string; prefix: string }>();

  constructor(options: UpstreamHttpClientOptions) {
    this.agent = new Agent({
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connections: options.connectionsPerOrigin ?? null,
      pipelining: 1,
      connect: peerNamedConnector(),
    });
  }

  async send(baseUrl: string, request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
    const base = this.parse(baseUrl);
    const response = await this.agent.request({
      origin: base.origin,
      path: `${base.prefix}${request.path}`,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal,
    });
    // Read the whole body under the same signal: a body that trickles in is cut at the timeout.
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers, body };
  }

  // A handful of instance URLs, parsed once each rather than on every call.
  private parse(baseUrl: string): { origin: string; prefix: string } {
    let base = this.bases.get(baseUrl);
    if (!base) {
      const url = new URL(baseUrl);
      base = { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
      if (this.bases.size > 1_000) this.bases.clear(); // instances come and go in consul mode
      this.bases.set(baseUrl, base);
    }
    return base;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/**
 * undici's connector, that also asks each new socket for its peer's address once. A socket
 * gets its cached `_peername` field the first time anything reads `remoteAddress`; in the
 * gateway that is only the undici instrumentation, on a sampled request. Sockets with and
 * without the field have different V8 maps, and with the server's sockets that made one map
 * more than the inline caches of Node's socket code keep: at tracing ratio 0.1 every socket
 * read and write of every request went through megamorphic lookups (docs/adr/0016, decision
 * 11). Asked at connect time (one `getpeername` per connection), every upstream socket has
 * the same map, sampled or not, tracing on or off.
 */
function peerNamedConnector(): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) =>
    connect(options, (...args) => {
      const socket = args[1];
      if (socket) void socket.remoteAddress;
      callback(...args);
    });
}
