import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test as NestTest } from '@nestjs/testing';
import { Client } from 'pg';
import request, { type Test } from 'supertest';
import { loadConfig } from '@eshop/config';
import {
  USER_CHECKOUT_ACCEPTED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type UserCheckoutAcceptedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { configureServiceApp } from '@eshop/service-host';
import {
  EventProbe,
  RabbitMqTestAdmin,
  TestIdentityProvider,
  createTestDatabase,
  testEnv,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@eshop/testing';
import { orderingApiConfigSchema, type OrderingApiConfig } from '../ordering-api.config';
import { OrderingApiModule } from '../ordering-api.module';

/** The identity provider this test file's ordering-api trusts (tokens signed synchronously). */
export const identity = TestIdentityProvider.shared;
/** EVENT_BUS_RETRY_INITIAL_MS=100 with the bus' ×5 multiplier and 2 retries. */
const RETRY_DELAYS = [100, 500];

export type Bus = RabbitMqEventBus<IntegrationEventMap>;
type ReadyBody = { info?: { rabbitmq?: { consuming?: boolean } } };
export type HttpMethod = 'get' | 'put' | 'post';

export const tokenFor = (id: string, name = `Buyer ${id}`) => identity.tokenSync({ sub: id, name });

/** A staff token (role `admin`): shipping orders. */
export const adminToken = (id = 'admin-1', name = 'Admin') => identity.tokenSync({ sub: id, name, roles: ['admin'] });

export interface OrderView {
  orderNumber: number;
  status: string;
  description: string | null;
  total: number;
  items: Array<{ productId: number; units: number; unitPrice: number }>;
  statusHistory: Array<{ status: string; date: string; reason?: string }>;
  [field: string]: unknown;
}

/**
 * The real OrderingApiModule in a Nest testing module, configured like production
 * (configureServiceApp: logger, body parser, error filter) and initialised, not listening:
 * supertest talks to its HTTP server. The event bus, the relay and the grace-period worker
 * run as in production.
 */
async function createOrderingTestApp(config: OrderingApiConfig): Promise<NestExpressApplication> {
  const moduleRef = await NestTest.createTestingModule({ imports: [OrderingApiModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  configureServiceApp(app);
  await app.init();
  return app;
}

/**
 * One test's world: its own database, exchange and queue, a publisher standing in for the
 * other services, a probe that sees everything published, and ordering-api in-process.
 */
export class OrderingRun {
  private constructor(
    readonly app: NestExpressApplication,
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
    const config = loadConfig(orderingApiConfigSchema, {
      ...(await identity.listen()).env(),
      LOG_LEVEL: 'silent',
      // A free port each: test files run side by side, and the default would be shared.
      METRICS_PORT: '0',
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
    const run = new OrderingRun(await createOrderingTestApp(config), db, exchange, publisher, probe);
    // Ready no longer waits for the broker (it is only reported): wait for the consumer too,
    // or a first checkout could be published before the queue is bound, and be dropped.
    await waitFor(async () => {
      const { status, body } = (await run.http('get', '/health/ready', null)) as { status: number; body: ReadyBody };
      return status === 200 && body.info?.rabbitmq?.consuming === true;
    }, 'ordering ready and consuming');
    return run;
  }

  get queue(): string {
    return `${this.exchange}.ordering-api`;
  }

  /** A supertest request, with Alice's bearer token unless `token` is null (or another token). */
  http(method: HttpMethod, path: string, token: string | null = tokenFor('alice', 'Alice')): Test {
    const test = request(this.app.getHttpServer())[method](path);
    return token === null ? test : test.set('authorization', `Bearer ${token}`);
  }

  /** Publishes a checkout as basket would, and waits for the order it makes. */
  async checkout(overrides: Partial<UserCheckoutAcceptedIntegrationEvent> = {}): Promise<number> {
    const event = checkoutEvent(overrides);
    await this.publisher.publish(USER_CHECKOUT_ACCEPTED, event);
    return waitFor(async () => {
      const [row] = await this.sql<{ order_id: number | null }>(
        'SELECT order_id FROM client_request WHERE buyer_id = $1 AND request_id = $2',
        [event.userId, event.requestId],
      );
      return row?.order_id;
    }, `the order of checkout ${event.requestId}`);
  }

  /** Waits until order `id` has `status` (read through the API as its buyer). */
  async waitForStatus(id: number, status: string, token = tokenFor('alice', 'Alice')): Promise<OrderView> {
    let last: unknown;
    return waitFor(async () => {
      const { body } = (await this.http('get', `/api/orders/${id}`, token)) as { body: OrderView };
      last = body.status;
      return body.status === status ? body : undefined;
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
