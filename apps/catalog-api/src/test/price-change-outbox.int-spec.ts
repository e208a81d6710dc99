import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { createTestDatabase, testEnv, uniqueName, waitFor, type TestDatabase } from '@eshop/testing';
import { CatalogApp, ExchangeProbe, outboxRows, sql } from './catalog-fixture';
import { TcpProxy } from './tcp-proxy';

interface Item {
  id: number;
  price: number;
  version: number;
  [field: string]: unknown;
}

/** GET an item, change its price, PUT it back with the version it read. */
async function changePrice(catalog: CatalogApp, id: number, price: number, headers: Record<string, string> = {}) {
  const before = (await catalog.http('get', `/api/catalog/items/${id}`).expect(200)).body as Item;
  const { id: _id, ...item } = before;
  const response = await catalog.http('put', `/api/catalog/items/${id}`).set(headers).send({ ...item, price });
  return { before, response };
}

interface Readiness {
  status: number;
  body: { details?: { postgres?: { status: string }; rabbitmq?: { status: string; connected: boolean } } };
}

/** GET /health/ready: its status and body. */
async function readiness(catalog: CatalogApp): Promise<Readiness> {
  const { status, body } = await catalog.http('get', '/health/ready', null);
  return { status, body: body as Readiness['body'] };
}

/** Waits until readiness reports the broker connected (or not), and returns that answer. */
const brokerReported = (catalog: CatalogApp, connected: boolean) =>
  waitFor(async () => {
    const answer = await readiness(catalog);
    return answer.body.details?.rabbitmq?.connected === connected ? answer : undefined;
  }, `the broker reported ${connected ? 'connected' : 'away'}`);

describe('a price change goes through the outbox to RabbitMQ', () => {
  let db: TestDatabase;
  let exchange: string;
  let probe: ExchangeProbe;
  let catalog: CatalogApp | undefined;

  beforeEach(async () => {
    db = await createTestDatabase('catalog_outbox');
    exchange = uniqueName('test.catalog');
    probe = await ExchangeProbe.open(testEnv.rabbitmqUrl, exchange);
  });
  afterEach(async () => {
    await catalog?.close();
    catalog = undefined;
    await probe.close();
    await db.drop();
  });

  const published = async (eventId: string) =>
    (await outboxRows(db.url)).find((row) => row.event_id === eventId)?.state === 'published';

  it('publishes exactly one message with the contract payload and properties', async () => {
    catalog = await CatalogApp.start({ DATABASE_URL: db.url, RABBITMQ_URL: testEnv.rabbitmqUrl, EVENT_BUS_EXCHANGE: exchange });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const { before, response } = await changePrice(catalog, 4, 64.25, { traceparent });
    expect(response.status).toBe(200);
    const [row] = await outboxRows(db.url);
    await waitFor(() => published(row?.event_id ?? ''), 'the event to be published');

    const messages = await probe.drain();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.fields.routingKey).toBe(PRODUCT_PRICE_CHANGED);
    expect(message?.properties).toMatchObject({
      messageId: row?.event_id,
      type: PRODUCT_PRICE_CHANGED,
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { traceparent, 'x-attempt': 1 },
    });
    expect(typeof message?.properties.timestamp).toBe('number');
    const body = JSON.parse(message?.content.toString() ?? '');
    expect(body).toEqual({
      id: row?.event_id,
      creationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      productId: 4,
      newPrice: 64.25,
      oldPrice: before.price,
      version: before.version + 1,
    });
  });

  it('leaves neither the change nor an event when the transaction fails after the item update', async () => {
    catalog = await CatalogApp.start({ DATABASE_URL: db.url, RABBITMQ_URL: testEnv.rabbitmqUrl, EVENT_BUS_EXCHANGE: exchange });
    // A real failure inside the transaction, after the item UPDATE and the event INSERT ran.
    await sql(db.url, `CREATE FUNCTION fail_event_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated failure after the item update'; END $$`);
    await sql(db.url, `CREATE TRIGGER fail_event_insert AFTER INSERT ON integration_event_log
      FOR EACH ROW EXECUTE FUNCTION fail_event_insert()`);

    const { before, response } = await changePrice(catalog, 6, 1.99);

    expect(response).toMatchObject({ status: 500, body: { message: 'internal error' } });
    const after = await catalog.http('get', '/api/catalog/items/6').expect(200);
    expect(after.body).toEqual(before);
    expect(await outboxRows(db.url)).toEqual([]);
    expect(await probe.drain()).toEqual([]);
  });

  it('accepts the write while the broker is away and publishes once it is back', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(testEnv.rabbitmqUrl).port || 5672));
    await proxy.start();
    const viaProxy = new URL(testEnv.rabbitmqUrl);
    viaProxy.port = String(proxy.port);
    catalog = await CatalogApp.start({ DATABASE_URL: db.url, RABBITMQ_URL: viaProxy.toString(), EVENT_BUS_EXCHANGE: exchange });
    const app = catalog;
    expect((await brokerReported(app, true)).status).toBe(200);

    await proxy.stop();
    // The broker is no readiness dependency (the outbox covers its absence): still ready,
    // with the bus reported away.
    const away = await brokerReported(app, false);
    expect(away).toMatchObject({ status: 200, body: { details: { postgres: { status: 'up' }, rabbitmq: { status: 'up' } } } });

    const { response } = await changePrice(catalog, 8, 77.7);
    expect(response.status).toBe(200);
    // Give the relay several polls (every 200 ms here): it must leave the row alone.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [row] = await outboxRows(db.url);
    expect(row).toMatchObject({ state: 'not_published', attempts: 0 });

    await proxy.start(); // the broker is back, on the same address
    await waitFor(() => published(row?.event_id ?? ''), 'published after reconnect', 20_000);
    const messages = await probe.drain();
    expect(messages.map((m) => m.properties.messageId)).toEqual([row?.event_id]);
    await catalog.close();
    catalog = undefined;
    await proxy.stop();
  });
});
