import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import request from 'supertest';
import { loadConfig } from '@eshop/config';
import {
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type OrderStatusChangedToCancelledIntegrationEvent,
  type OrderStatusChangedToStockConfirmedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { configureServiceApp } from '@eshop/service-host';
import {
  EventProbe,
  RabbitMqTestAdmin,
  createTestDatabase,
  testEnv,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@eshop/testing';
import { paymentApiConfigSchema } from '../payment-api.config';
import { PaymentApiModule } from '../payment-api.module';

const RETRY_DELAYS = [100, 500];

export const stockConfirmed = (orderId: number, total = 59.97): OrderStatusChangedToStockConfirmedIntegrationEvent => ({
  ...newEventIdentity(),
  orderId,
  orderStatus: 'stockconfirmed',
  buyerName: 'Alice',
  buyerId: 'buyer-1',
  total,
});

export const cancelled = (orderId: number): OrderStatusChangedToCancelledIntegrationEvent => ({
  ...newEventIdentity(),
  orderId,
  orderStatus: 'cancelled',
  buyerName: 'Alice',
  buyerId: 'buyer-1',
  reason: 'cancelled by the buyer',
});

/**
 * One test's world: its own database, exchange and queue, a publisher playing ordering, a
 * probe that sees what payment publishes, and payment-api instances in-process.
 */
export class PaymentRun {
  private readonly apps: INestApplication[] = [];

  private constructor(
    readonly db: TestDatabase,
    /** The test's own connections to payment's database (ledger, inbox, outbox reads). */
    private readonly pool: Pool,
    readonly exchange: string,
    readonly publisher: RabbitMqEventBus<IntegrationEventMap>,
    readonly probe: EventProbe,
  ) {}

  static async open(): Promise<PaymentRun> {
    const db = await createTestDatabase('payment');
    const exchange = uniqueName('test.payment');
    const probe = await EventProbe.open(testEnv.rabbitmqUrl, exchange);
    const publisher = new RabbitMqEventBus<IntegrationEventMap>({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange });
    await publisher.connect();
    return new PaymentRun(db, new Pool({ connectionString: db.url, max: 2 }), exchange, publisher, probe);
  }

  /**
   * The real module, configured like production and initialised (the bus subscribes its
   * handlers, the relay runs) but not listening: supertest asks it for readiness.
   */
  async startPayment(env: Record<string, string> = {}): Promise<INestApplication> {
    const config = loadConfig(paymentApiConfigSchema, {
      LOG_LEVEL: 'silent',
      METRICS_PORT: '0',
      DATABASE_URL: this.db.url,
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: this.exchange,
      EVENT_BUS_QUEUE: `${this.exchange}.payment-api`,
      EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
      EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
      OUTBOX_POLL_INTERVAL_MS: '200',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({ imports: [PaymentApiModule.register(config)] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
    configureServiceApp(app);
    await app.init();
    this.apps.push(app);
    await waitFor(async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, 'payment ready', 60_000);
    return app;
  }

  async stopPayments(): Promise<void> {
    await Promise.all(this.apps.splice(0).map((app) => app.close()));
  }

  publishStockConfirmed(event: OrderStatusChangedToStockConfirmedIntegrationEvent): Promise<void> {
    return this.publisher.publish(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, event);
  }

  publishCancelled(event: OrderStatusChangedToCancelledIntegrationEvent): Promise<void> {
    return this.publisher.publish(ORDER_STATUS_CHANGED_TO_CANCELLED, event);
  }

  /** Waits until payment has recorded event `id` as handled. */
  async handled(id: string): Promise<void> {
    await waitFor(
      async () => (await this.sql('SELECT 1 FROM handled_integration_event WHERE event_id = $1', [id])).length === 1,
      `event ${id} handled`,
      60_000,
    );
  }

  async ledger(orderId: number): Promise<{ amount: string; state: string } | undefined> {
    const [row] = await this.sql<{ amount: string; state: string }>(
      'SELECT amount::text AS amount, state FROM payment WHERE order_id = $1',
      [orderId],
    );
    return row;
  }

  /** The events payment wrote to its outbox for an order, oldest first. */
  outbox(orderId: number): Promise<Array<{ event_id: string; event_name: string; payload: Record<string, unknown> }>> {
    return this.sql(
      `SELECT event_id::text, event_name, payload FROM integration_event_log WHERE (payload->>'orderId')::int = $1 ORDER BY seq`,
      [orderId],
    );
  }

  async sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, params)).rows as T[];
  }

  async close(): Promise<void> {
    await this.stopPayments();
    await this.publisher.close();
    await this.probe.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(`${this.exchange}.payment-api`, RETRY_DELAYS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    await this.pool.end();
    await this.db.drop();
  }
}
