import type { Pool, PoolClient } from 'pg';
import type { StructuredLogger } from '@eshop/logger';

export interface NotificationListenerOptions {
  readonly channel: string;
  readonly reconnectMs: number;
  /** Called for every notification, and after every (re)connect: something may have been missed. */
  readonly onWake: () => void;
  readonly logger: StructuredLogger;
}

/**
 * Holds one pool connection in LISTEN for as long as it runs, and re-establishes it when it
 * drops (database restart, connection killed). Notifications sent while it was away are lost
 * for good, which is why every (re)connect also wakes the relay, and why the relay polls.
 */
export class NotificationListener {
  private client: PoolClient | undefined;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly options: NotificationListenerOptions,
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.query(`UNLISTEN ${this.options.channel}`);
      client.release();
    } catch {
      client.release(true);
    }
  }

  private async connect(): Promise<void> {
    if (!this.running || this.client) return;
    let client: PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const adopted = client;
      adopted.on('notification', (message) => {
        if (message.channel === this.options.channel) this.options.onWake();
      });
      adopted.on('error', (error: Error) => this.lost(adopted, error));
      adopted.on('end', () => this.lost(adopted, new Error('connection ended')));
      await adopted.query(`LISTEN ${this.options.channel}`);
      if (!this.running) {
        adopted.release(true);
        return;
      }
      this.client = adopted;
      this.options.logger.debug({ channel: this.options.channel }, 'outbox relay listening');
      this.options.onWake();
    } catch (error) {
      client?.release(true);
      this.scheduleReconnect(error);
    }
  }

  private lost(client: PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    // Destroy it rather than return it: a broken connection must not go back to the pool.
    client.release(true);
    this.scheduleReconnect(error);
  }

  private scheduleReconnect(error: unknown): void {
    if (!this.running) return;
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(
      { err: message, retryInMs: this.options.reconnectMs },
      'outbox LISTEN connection lost; polling until it is back',
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.options.reconnectMs);
  }
}
