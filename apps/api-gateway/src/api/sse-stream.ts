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
 * How long the credential that opened a stream holds (the stream ends with it): the access
 * token's `exp`, and for a browser session a check that the session still exists (sign-out,
 * on any gateway instance, deletes it).
 */
export interface StreamCredential {
  /** Epoch ms: the stream ends then, and the client reconnects with what it holds now. */
  readonly expiresAt?: number | undefined;
  /** Asked after each heartbeat; false ends the stream. A failure to answer (Redis away) keeps it. */
  readonly stillValid?: (() => Promise<boolean>) | undefined;
}

/**
 * One `text/event-stream` response written on Node's raw response (the route hijacks
 * Fastify's reply): the head, then messages (`id:` and one `data:` line, no `event:` field, so
 * a browser's `onmessage` gets them), heartbeat comments, and an end from either side.
 */
export class SseStream {
  private heartbeat: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
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
  open(headers: Readonly<Record<string, string | number | string[] | undefined>>, credential: StreamCredential = {}): void {
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
    this.heartbeat = setInterval(() => {
      this.write(': heartbeat\n\n');
      if (credential.stillValid) this.endUnless(credential.stillValid);
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
    if (credential.expiresAt !== undefined) {
      // A timer's delay is at most 2^31 − 1 ms; tokens live minutes.
      this.expiry = setTimeout(() => this.end(), Math.min(Math.max(0, credential.expiresAt - Date.now()), 2 ** 31 - 1));
      this.expiry.unref();
    }
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

  private endUnless(stillValid: () => Promise<boolean>): void {
    stillValid().then(
      (valid) => {
        if (!valid) this.end();
      },
      () => undefined, // cannot tell now: the next heartbeat asks again
    );
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
    clearTimeout(this.expiry);
    for (const callback of this.onEndCallbacks.splice(0)) callback();
  }
}
