import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { signToken } from '@eshop/auth';
import { loadConfig } from '@eshop/config';
import {
  USER_CHECKOUT_ACCEPTED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type UserCheckoutAcceptedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { bootstrapService } from '@eshop/service-host';
import {
  RabbitMqTestAdmin,
  createTestDatabase,
  testEnv,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@eshop/testing';
import { orderingConfigSchema } from '../ordering.config';
import { OrderingModule } from '../ordering.module';
import { EventProbe } from '@eshop/testing';

export const JWT_SECRET = 'ordering-test-secret-0123456789';
/** EVENT_BUS_RETRY_INITIAL_MS=100 with the bus' ×5 multiplier and 2 retries. */
const RETRY_DELAYS = [100, 500];

export type Bus = RabbitMqEventBus<IntegrationEventMap>;

export const tokenFor = (id: string, name = `Buyer ${id}`) => signToken({ id, name }, JWT_SECRET);

export interface OrderView {
  orderNumber: number;
  status: string;
  description: string | null;
  total: number;
  items: Array<{ productId: number; units: number; unitPrice: number }>;
  statusHistory: Array<{ status: string; date: string; reason?: string }>;
  [field: string]: unknown;
}

export interface Response<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/**
 * One test's world: its own database, exchange and queue, a publisher standing in for the
 * other services, a probe that sees everything published, and ordering-api in-process.
 */
export class OrderingRun {
  app!: INestApplication;
  url = '';

  private constructor(
    readonly db: TestDatabase,
    readonly exchange: string,
    readonly publisher: Bus,
    readonly probe: EventProbe,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<OrderingRun> {
    const db = await createTestDatabase('ordering');
    const exchange = uniqueName('test.ordering');
    const probe = await EventProbe.open(testEnv.rabbitmqUrl, exchange);
    const publisher = new RabbitMqEventBus<IntegrationEventMap>({
      url: testEnv.rabbitmqUrl,
      registry: integrationEvents,
      exchange,
      connectionName: `${exchange}:publisher`,
    });
    await publisher.connect();
    const run = new OrderingRun(db, exchange, publisher, probe);
    const config = loadConfig(orderingConfigSchema, {
      JWT_SECRET,
      LOG_LEVEL: 'silent',
      PORT: '1',
      DATABASE_URL: db.url,
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: exchange,
      EVENT_BUS_QUEUE: `${exchange}.ordering-api`,
      EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
      EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
      OUTBOX_POLL_INTERVAL_MS: '200',
      GRACE_PERIOD_CHECK_INTERVAL_MS: '100',
      ...env,
    });
    run.app = await bootstrapService(OrderingModule.register(config), { port: 0 });
    const { port } = run.app.getHttpServer().address() as { port: number };
    run.url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${run.url}/health/ready`)).status === 200, 'ordering ready');
    return run;
  }

  get queue(): string {
    return `${this.exchange}.ordering-api`;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response<T>> {
    const token = options.token === undefined ? tokenFor('alice', 'Alice') : options.token;
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Publishes a checkout as basket would, and waits for the order it makes. */
  async checkout(overrides: Partial<UserCheckoutAcceptedIntegrationEvent> = {}): Promise<number> {
    const event = checkoutEvent(overrides);
    await this.publisher.publish(USER_CHECKOUT_ACCEPTED, event);
    return waitFor(async () => {
      const [row] = await this.sql<{ order_id: number | null }>(
        'SELECT order_id FROM client_request WHERE request_id = $1',
        [event.requestId],
      );
      return row?.order_id;
    }, `the order of checkout ${event.requestId}`);
  }

  /** Waits until order `id` has `status` (read through the API as its buyer). */
  async waitForStatus(id: number, status: string, token = tokenFor('alice', 'Alice')): Promise<OrderView> {
    let last: unknown;
    return waitFor(async () => {
      const response = await this.request<OrderView>('GET', `/api/orders/${id}`, { token });
      last = response.body.status;
      return response.body.status === status ? response.body : undefined;
    }, `order ${id} to be ${status}`).catch((error: Error) => {
      throw new Error(`${error.message}; it is ${String(last)}`);
    });
  }

  /** One SQL statement on this run's database. */
  async sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The events ordering wrote to its outbox, oldest first. */
  outbox(name?: string): Promise<Array<{ event_name: string; payload: Record<string, unknown> }>> {
    return this.sql(
      `SELECT event_name, payload FROM integration_event_log ${name ? 'WHERE event_name = $1' : ''} ORDER BY seq`,
      name ? [name] : [],
    );
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.publisher.close();
    await this.probe.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(this.queue, RETRY_DELAYS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    await this.db.drop();
  }
}

export function checkoutEvent(
  overrides: Partial<UserCheckoutAcceptedIntegrationEvent> = {},
): UserCheckoutAcceptedIntegrationEvent {
  return {
    ...newEventIdentity(),
    userId: 'alice',
    userName: 'Alice',
    requestId: randomUUID(),
    city: 'Redmond',
    street: '15703 NE 61st Ct',
    state: 'WA',
    country: 'U.S.',
    zipCode: '98052',
    cardNumber: '4012888888881881',
    cardHolderName: 'Alice Smith',
    cardExpiration: '2030-12-31T00:00:00.000Z',
    cardSecurityNumber: '123',
    cardTypeId: 2,
    buyer: 'Alice',
    basket: {
      buyerId: 'alice',
      items: [
        { id: '1', productId: 3, productName: 'Trail shoe', unitPrice: 19.99, oldUnitPrice: 19.99, quantity: 3, pictureUrl: 'shoe.png' },
        { id: '2', productId: 8, productName: 'Camp mug', unitPrice: 0.1, oldUnitPrice: 0.1, quantity: 1, pictureUrl: '' },
      ],
    },
    ...overrides,
  };
}
