import type { INestApplication } from '@nestjs/common';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { Client } from 'pg';
import { signToken } from '@eshop/auth';
import { loadConfig } from '@eshop/config';
import { retryDelays } from '@eshop/event-bus-rabbitmq';
import { bootstrapService } from '@eshop/service-host';
import { RabbitMqTestAdmin } from '@eshop/testing';
import { catalogConfigSchema } from '../catalog.config';
import { CatalogModule } from '../catalog.module';

export const JWT_SECRET = 'catalog-test-secret-0123456789';

export interface CatalogAppEnv {
  readonly DATABASE_URL: string;
  readonly RABBITMQ_URL: string;
  readonly EVENT_BUS_EXCHANGE: string;
  readonly [name: string]: string;
}

/** The catalog app in this process, on a free port, configured like main.ts does it. */
export class CatalogApp {
  readonly token = signToken({ id: 'admin-1', name: 'Catalog Admin' }, JWT_SECRET);

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    /** Catalog consumes the saga's stock events, so its bus declares a service queue. */
    private readonly queue: { readonly name: string; readonly delaysMs: number[] },
    private readonly exchange: string,
  ) {}

  static async start(env: CatalogAppEnv): Promise<CatalogApp> {
    const config = loadConfig(catalogConfigSchema, {
      JWT_SECRET,
      LOG_LEVEL: 'silent',
      PORT: '8081', // unused: the test listens on a free port (0) below
      OUTBOX_POLL_INTERVAL_MS: '200',
      // Per run like the exchange, so no test declares the contract's `catalog-api` queue.
      EVENT_BUS_QUEUE: `${env.EVENT_BUS_EXCHANGE}.catalog-api`,
      ...env,
    });
    const app = await bootstrapService(CatalogModule.register(config), { port: 0 });
    const { port } = app.getHttpServer().address() as { port: number };
    const delaysMs = retryDelays({
      maxRetries: config.EVENT_BUS_MAX_RETRIES,
      initialDelayMs: config.EVENT_BUS_RETRY_INITIAL_MS,
      multiplier: 5, // the bus' default
    });
    return new CatalogApp(
      app,
      `http://127.0.0.1:${port}`,
      { name: config.EVENT_BUS_QUEUE, delaysMs },
      config.EVENT_BUS_EXCHANGE,
    );
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const token = options.token === undefined ? this.token : options.token;
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async close(): Promise<void> {
    await this.app.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(this.queue.name, this.queue.delaysMs);
    // The exchange is this run's alone (the tests name it); a probe may have deleted it already.
    await admin.deleteExchange(this.exchange);
    await admin.close();
  }
}

/** A probe queue bound to every routing key of the test's exchange. */
export class ExchangeProbe {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly exchange: string,
    private readonly queue: string,
  ) {}

  static async open(url: string, exchange: string): Promise<ExchangeProbe> {
    const connection = await connect(url);
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const queue = `${exchange}.probe`;
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, '#');
    return new ExchangeProbe(connection, channel, exchange, queue);
  }

  async drain(): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await this.channel.get(this.queue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  }

  async close(): Promise<void> {
    await this.channel.deleteQueue(this.queue);
    await this.channel.deleteExchange(this.exchange);
    await this.connection.close();
  }
}

export interface OutboxRowView {
  event_id: string;
  event_name: string;
  payload: Record<string, unknown>;
  state: string;
  attempts: number;
  traceparent: string | null;
}

/** Runs one SQL statement on the test database with a short-lived connection. */
export async function sql<T = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const outboxRows = (databaseUrl: string) =>
  sql<OutboxRowView>(databaseUrl, 'SELECT * FROM integration_event_log ORDER BY seq');
