import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type OrderStatusChangedToAwaitingValidationIntegrationEvent,
  type OrderStatusChangedToCancelledIntegrationEvent,
  type OrderStatusChangedToPaidIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { RabbitMqTestAdmin, createTestDatabase, testEnv, uniqueName, waitFor, type TestDatabase } from '@eshop/testing';
import { adminToken, catalogTestConfig, identity, createCatalogTestApp, outboxRows, sql, type OutboxRowView } from './catalog-fixture';

const run = promisify(execFile);
const RETRY_DELAYS = [100, 500];

export type Line = { productId: number; units: number };

/**
 * Catalog's part of the checkout saga on real Postgres and RabbitMQ: `instances` catalog apps
 * competing on one queue, and a publisher playing ordering's part.
 */
export class StockSaga {
  private constructor(
    readonly db: TestDatabase,
    private readonly exchange: string,
    private readonly publisher: RabbitMqEventBus<IntegrationEventMap>,
    private readonly apps: INestApplication[],
  ) {}

  static async start(prefix: string, instances = 2): Promise<StockSaga> {
    const db = await createTestDatabase(prefix);
    const exchange = uniqueName(`test.${prefix}`);
    const publisher = new RabbitMqEventBus<IntegrationEventMap>({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange });
    await publisher.connect();
    const apps: INestApplication[] = [];
    await identity.listen();
    for (let i = 0; i < instances; i++) {
      const config = catalogTestConfig({
        DATABASE_URL: db.url,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        EVENT_BUS_EXCHANGE: exchange,
        EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
        EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
      });
      apps.push(await createCatalogTestApp(config));
    }
    const saga = new StockSaga(db, exchange, publisher, apps);
    // The instances bind and consume once their bus is up, which may be after init on a loaded
    // machine: an event published before that finds no binding and is gone.
    await waitFor(async () => (await saga.consumers()) >= instances, 'every instance to consume', 120_000, 100);
    return saga;
  }

  /** Consumers on the service queue, per the broker. */
  private async consumers(): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'consumers', '--quiet', '--no-table-headers']);
    const line = stdout.split('\n').find((row) => row.trim().split(/\s+/)[0] === `${this.exchange}.catalog-api`);
    return Number(line?.trim().split(/\s+/)[1] ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.close()));
    await this.publisher.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(`${this.exchange}.catalog-api`, RETRY_DELAYS);
    await admin.deleteExchange(this.exchange);
    await admin.close();
    await this.db.drop();
  }

  async createItem(availableStock: number): Promise<{ id: number; version: number }> {
    const response = await request(this.apps[0]?.getHttpServer())
      .post('/api/catalog/items')
      .set('authorization', `Bearer ${adminToken()}`)
      .send({ name: uniqueName('item'), price: 10, catalogTypeId: 1, catalogBrandId: 1, availableStock })
      .expect(201);
    return response.body as { id: number; version: number };
  }

  awaitingValidation(orderId: number, orderStockItems: Line[]): OrderStatusChangedToAwaitingValidationIntegrationEvent {
    return { ...newEventIdentity(), orderId, buyerId: 'buyer-1', orderStatus: 'awaitingvalidation', buyerName: 'Alice', orderStockItems };
  }

  paid(orderId: number, orderStockItems: Line[]): OrderStatusChangedToPaidIntegrationEvent {
    return { ...newEventIdentity(), orderId, buyerId: 'buyer-1', orderStockItems };
  }

  cancelled(orderId: number, reason: string): OrderStatusChangedToCancelledIntegrationEvent {
    return { ...newEventIdentity(), orderId, buyerId: 'buyer-1', orderStatus: 'cancelled', buyerName: 'Alice', reason };
  }

  publishValidation = (event: OrderStatusChangedToAwaitingValidationIntegrationEvent) =>
    this.publisher.publish(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION, event);
  publishPaid = (event: OrderStatusChangedToPaidIntegrationEvent) => this.publisher.publish(ORDER_STATUS_CHANGED_TO_PAID, event);
  publishCancelled = (event: OrderStatusChangedToCancelledIntegrationEvent) =>
    this.publisher.publish(ORDER_STATUS_CHANGED_TO_CANCELLED, event);

  async available(id: number): Promise<number | undefined> {
    return (await sql<{ available_stock: number }>(this.db.url, 'SELECT available_stock FROM catalog_item WHERE id = $1', [id]))[0]
      ?.available_stock;
  }

  async reservationState(orderId: number): Promise<string | undefined> {
    return (await sql<{ state: string }>(this.db.url, 'SELECT state FROM stock_reservation WHERE order_id = $1', [orderId]))[0]?.state;
  }

  /** Units of `productId` held by orders in state `state`. */
  async unitsIn(state: string, productId: number): Promise<number> {
    const [row] = await sql<{ units: string }>(
      this.db.url,
      `SELECT coalesce(sum(line.units), 0) AS units FROM stock_reservation_line line
         JOIN stock_reservation reservation USING (order_id) WHERE reservation.state = $1 AND line.product_id = $2`,
      [state, productId],
    );
    return Number(row?.units ?? 0);
  }

  async verdicts(orderId: number): Promise<OutboxRowView[]> {
    return (await outboxRows(this.db.url)).filter((row) => row.payload['orderId'] === orderId);
  }

  async handled(eventId: string): Promise<boolean> {
    return (await sql(this.db.url, 'SELECT 1 FROM handled_integration_event WHERE event_id = $1', [eventId])).length === 1;
  }

  /** Every copy handled (acked): nothing in flight on two checks in a row, per the broker. */
  async drained(): Promise<void> {
    let before = false;
    await waitFor(async () => {
      const idle = (await this.inFlight()) === 0;
      const done = idle && before;
      before = idle;
      return done;
    }, 'every copy handled', 150_000, 200);
  }

  /** Ready + unacknowledged messages of the service queue and its retry queues. */
  private async inFlight(): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'messages', '--quiet', '--no-table-headers']);
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([name]) => name?.startsWith(`${this.exchange}.catalog-api`) && !name.endsWith('.parking'))
      .reduce((sum, [, count]) => sum + Number(count ?? 0), 0);
  }
}
