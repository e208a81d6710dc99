import { EventEmitter } from 'node:events';
import { connect, type ChannelModel } from 'amqplib';
import type { StructuredLogger } from '@eshop/logger';

export interface ManagedConnectionOptions {
  readonly url: string;
  readonly connectionName: string;
  readonly heartbeatSeconds: number;
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly logger: StructuredLogger;
}

/**
 * One AMQP connection that comes back by itself. Emits `ready` with the connection after
 * every successful (re)connect and `lost` when it drops; between the two it retries with
 * jittered exponential backoff until `close()`. Nothing is buffered here: while
 * disconnected, callers see `current === undefined` and decide what to do.
 */
export class ManagedConnection extends EventEmitter {
  private connection: ChannelModel | undefined;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private connecting = false;

  constructor(private readonly options: ManagedConnectionOptions) {
    super();
  }

  get current(): ChannelModel | undefined {
    return this.connection;
  }

  start(): void {
    this.stopping = false;
    void this.attempt();
  }

  async close(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await connection.close().catch(() => undefined);
  }

  private async attempt(): Promise<void> {
    if (this.stopping || this.connection || this.connecting) return;
    this.connecting = true;
    try {
      const connection = await connect(this.withHeartbeat(this.options.url), {
        noDelay: true,
        clientProperties: { connection_name: this.options.connectionName },
      });
      this.connecting = false;
      if (this.stopping) {
        await connection.close().catch(() => undefined);
        return;
      }
      this.adopt(connection);
    } catch (error) {
      this.connecting = false;
      this.scheduleRetry(error);
    }
  }

  private adopt(connection: ChannelModel): void {
    this.connection = connection;
    this.failures = 0;
    connection.on('error', (error: Error) =>
      this.options.logger.warn({ err: error.message }, 'amqp connection error'),
    );
    connection.on('blocked', (reason: string) =>
      this.options.logger.warn({ reason }, 'broker blocked the connection (resource alarm)'),
    );
    connection.on('close', () => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      this.emit('lost');
      if (!this.stopping) {
        this.options.logger.warn({}, 'amqp connection lost; reconnecting');
        this.scheduleRetry(undefined);
      }
    });
    this.options.logger.info({ name: this.options.connectionName }, 'amqp connected');
    this.emit('ready', connection);
  }

  private scheduleRetry(error: unknown): void {
    if (this.stopping) return;
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** this.failures);
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.failures += 1;
    if (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ err: message, retryInMs: delay }, 'amqp connect failed');
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  private withHeartbeat(url: string): string {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('heartbeat')) {
      parsed.searchParams.set('heartbeat', String(this.options.heartbeatSeconds));
    }
    return parsed.toString();
  }
}
