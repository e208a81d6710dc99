import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signToken } from '@eshop/auth';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STOCK_CONFIRMED,
  ORDER_STOCK_REJECTED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import {
  RabbitMqTestAdmin,
  createTestDatabase,
  testEnv,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@eshop/testing';
import { JWT_SECRET, catalogTestConfig, createCatalogTestApp, outboxRows, sql } from './catalog-fixture';

const run = promisify(execFile);
const RETRY_DELAYS = [100, 500];

// Catalog's part of the checkout saga, with two catalog instances sharing the queue (real
// Postgres and RabbitMQ). The test publishes what ordering would.
describe('catalog stock handlers', () => {
  let db: TestDatabase;
  let exchange: string;
  let publisher: RabbitMqEventBus<IntegrationEventMap>;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('catalog_stock');
    exchange = uniqueName('test.catalog_stock');
    publisher = new RabbitMqEventBus({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange });
    await publisher.connect();
    for (let i = 0; i < 2; i++) {
      const config = catalogTestConfig({
        DATABASE_URL: db.url,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        EVENT_BUS_EXCHANGE: exchange,
        EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
        EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
      });
      apps.push(await createCatalogTestApp(config));
    }
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await publisher.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(`${exchange}.catalog-api`, RETRY_DELAYS);
    await admin.deleteExchange(exchange);
    await admin.close();
    await db.drop();
  });

  async function createItem(availableStock: number): Promise<{ id: number; version: number }> {
    const response = await request(apps[0]?.getHttpServer())
      .post('/api/catalog/items')
      .set('authorization', `Bearer ${signToken({ id: 'admin', name: 'Admin' }, JWT_SECRET)}`)
      .send({ name: uniqueName('item'), price: 10, catalogTypeId: 1, catalogBrandId: 1, availableStock })
      .expect(201);
    return response.body as { id: number; version: number };
  }
  const item = async (id: number) =>
    (await sql<{ available_stock: number; version: number }>(db.url, 'SELECT available_stock, version FROM catalog_item WHERE id = $1', [id]))[0];
  const verdicts = async (orderId: number) =>
    (await outboxRows(db.url)).filter((row) => row.payload['orderId'] === orderId);
  const handledCount = async (eventId: string) =>
    (await sql(db.url, 'SELECT 1 FROM handled_integration_event WHERE event_id = $1', [eventId])).length;

  /** Ready + unacknowledged messages of the service queue and its retry queues (per the broker). */
  async function inFlight(): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'messages', '--quiet', '--no-table-headers']);
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([name]) => name?.startsWith(`${exchange}.catalog-api`) && !name.endsWith('.parking'))
      .reduce((sum, [, count]) => sum + Number(count ?? 0), 0);
  }
  /** Every copy handled (acked): nothing in flight on two checks in a row. */
  async function drained(): Promise<void> {
    let before = false;
    await waitFor(async () => {
      const idle = (await inFlight()) === 0;
      const done = idle && before;
      before = idle;
      return done;
    }, 'every copy handled', 20_000, 100);
  }

  const awaitingValidation = (orderId: number, items: Array<{ productId: number; units: number }>) => ({
    ...newEventIdentity(),
    orderId,
    buyerId: 'buyer-1',
    orderStatus: 'awaitingvalidation' as const,
    buyerName: 'Alice',
    orderStockItems: items,
  });

  it('answers a validation once, confirmed or rejected with hasStock per product', async () => {
    const [a, b] = [await createItem(5), await createItem(1)];
    const inStock = awaitingValidation(101, [{ productId: a.id, units: 5 }]);
    const short = awaitingValidation(102, [
      { productId: a.id, units: 2 },
      { productId: b.id, units: 3 },
      { productId: 999_999, units: 1 },
    ]);
    await Promise.all([inStock, inStock, short, short].map((e) => publisher.publish(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION, e)));

    await waitFor(async () => (await verdicts(101)).length > 0 && (await verdicts(102)).length > 0, 'both verdicts');
    await drained();
    await waitFor(async () => (await outboxRows(db.url)).every((row) => row.state === 'published'), 'verdicts published');
    expect((await verdicts(101)).map((row) => row.event_name)).toEqual([ORDER_STOCK_CONFIRMED]);
    const rejected = await verdicts(102);
    expect(rejected.map((row) => row.event_name)).toEqual([ORDER_STOCK_REJECTED]);
    expect(rejected[0]?.payload['orderStockItems']).toEqual([
      { productId: a.id, hasStock: true },
      { productId: b.id, hasStock: false },
      { productId: 999_999, hasStock: false },
    ]);
    expect([(await item(a.id))?.available_stock, (await item(b.id))?.available_stock]).toEqual([5, 1]);
  });

  it('takes a paid order out of stock exactly once, whatever the copies and instances', async () => {
    const [a, b] = [await createItem(10), await createItem(3)];
    const paid = { ...newEventIdentity(), orderId: 103, buyerId: 'buyer-1', orderStockItems: [{ productId: b.id, units: 2 }, { productId: a.id, units: 4 }] };
    await Promise.all(Array.from({ length: 6 }, () => publisher.publish(ORDER_STATUS_CHANGED_TO_PAID, paid)));

    await waitFor(async () => (await handledCount(paid.id)) === 1, 'the paid event handled');
    await drained();
    expect(await item(a.id)).toEqual({ available_stock: 6, version: a.version + 1 });
    expect(await item(b.id)).toEqual({ available_stock: 1, version: b.version + 1 });
  });

  it('stops at zero when an order was paid beyond the stock left (no reservation)', async () => {
    const a = await createItem(2);
    const paid = { ...newEventIdentity(), orderId: 104, buyerId: 'buyer-1', orderStockItems: [{ productId: a.id, units: 5 }] };
    await publisher.publish(ORDER_STATUS_CHANGED_TO_PAID, paid);
    await waitFor(async () => (await handledCount(paid.id)) === 1, 'the paid event handled');
    expect((await item(a.id))?.available_stock).toBe(0);
  });
});
