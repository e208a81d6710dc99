import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export interface SseStreamOptions {
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  readonly heartbeatMs: number;
  /** The `retry:` hint: how long a browser waits before reconnecting. */
  readonly retryMs: number;
  /**
   * Bytes a slow client may leave unread before the stream is ended; it reconnects with
   * `Last-Event-ID` and resumes. A stalled reader never grows the gateway's memory.
   */
  readonly maxBufferedBytes: number;
}

/**
 * One `text/event-stream` response written on Node's raw response (the route hijacks
 * Fastify's reply): the head, then messages (`id:` and one `data:` line, no `event:` field, so
 * a browser's `onmessage` gets them), heartbeat comments, and an end from either side.
 */
export class SseStream {
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;
  private readonly onEndCallbacks: Array<() => void> = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly options: SseStreamOptions,
  ) {
    response.on('close', () => this.finish());
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** Runs once when the stream ends, whoever ended it. */
  onEnd(callback: () => void): void {
    if (this.ended) callback();
    else this.onEndCallbacks.push(callback);
  }

  /** The head and the `retry:` hint; `headers` are the ones already on the reply (security headers, request id). */
  open(headers: Readonly<Record<string, string | number | string[] | undefined>>): void {
    const kept: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) kept[name] = typeof value === 'number' ? String(value) : value;
    this.response.writeHead(200, {
      ...kept,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      // nginx (a common ingress) would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    this.write(`retry: ${this.options.retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** One message. `id` must be a single line (event ids are uuids); `data` is serialized to one line of JSON. */
  send(id: string, data: unknown): void {
    this.write(`id: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.ended) return;
    this.response.end();
    this.finish();
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.response.writableLength > this.options.maxBufferedBytes) {
      this.end(); // the client reads too slowly: it resumes from its Last-Event-ID
      return;
    }
    this.response.write(chunk);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const callback of this.onEndCallbacks.splice(0)) callback();
  }
}
