import { randomUUID } from 'node:crypto';
import { OtlpReceiver, uniqueName, type ReceivedSpan } from '@eshop/testing';
import { CHECKOUT_DETAILS, Shop, type CatalogItem } from '../support/shop';
import { TestSystem, type AppName } from '../support/system';
import { TraceShape } from './trace-shape';

// Every app exports its spans to one in-test OTLP/HTTP receiver (two over http/protobuf, three
// over http/json: both encodings cross the wire), sampling everything, flushing every 200 ms.
const otel = (protocol: 'http/protobuf' | 'http/json', receiver: OtlpReceiver): Record<string, string> => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_TRACES_SAMPLER: 'always_on',
  OTEL_BSP_SCHEDULE_DELAY: '200',
});

const APPS: readonly AppName[] = ['api-gateway', 'catalog-api', 'basket-api', 'ordering-api', 'payment-api'];
const PROTOCOLS: Record<AppName, 'http/protobuf' | 'http/json'> = {
  'api-gateway': 'http/json',
  'catalog-api': 'http/protobuf',
  'basket-api': 'http/protobuf',
  'ordering-api': 'http/json',
  'payment-api': 'http/json',
};

const method = (span: ReceivedSpan) => span.attributes['http.request.method'] ?? span.attributes['http.method'];
const path = (span: ReceivedSpan) => String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '');
const scopeOf = (span: ReceivedSpan, library: string) => span.scope === `@opentelemetry/instrumentation-${library}`;

describe('one trace across the services (OTLP receiver, every app traced)', () => {
  let receiver: OtlpReceiver;
  let system: TestSystem;
  let shop: Shop;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const env = Object.fromEntries(APPS.map((app) => [app, otel(PROTOCOLS[app], receiver)]));
    // basket's info lines ("price change handled") show that logs carry the trace.
    env['basket-api'] = { ...env['basket-api'], LOG_LEVEL: 'info' };
    system = await TestSystem.start(APPS, { env });
    shop = new Shop(system);
  }, 240_000);
  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  }, 60_000);

  /** The trace whose root is the gateway's SERVER span for `verb path`, once `complete` holds for it. */
  async function traceOf(verb: string, route: string, complete: (trace: TraceShape) => boolean): Promise<TraceShape> {
    const isRoot = (span: ReceivedSpan) =>
      span.serviceName === 'api-gateway' && span.kind === 'SERVER' && method(span) === verb && path(span).startsWith(route);
    let shape: TraceShape | undefined;
    await receiver
      .waitFor((spans) => {
        const root = spans.find(isRoot);
        shape = root && new TraceShape(receiver, root.traceId);
        return shape !== undefined && complete(shape);
      }, 90_000)
      .catch(() => {
        throw new Error(`the ${verb} ${route} trace is incomplete:\n${shape?.describe() ?? 'no gateway span'}`);
      });
    expect(receiver.errors).toEqual([]);
    return shape as TraceShape;
  }

  it('a price change through the gateway: gateway → catalog (HTTP, pg, outbox write) → relay publish → basket handler with its Redis calls', async () => {
    const item: CatalogItem = await shop.createProduct({ price: 10 });
    const buyer = uniqueName('buyer');
    await shop.addToBasket(buyer, item);

    const { id, availableStock, restockThreshold, maxStockThreshold, onReorder, version } = item;
    const { name, description, pictureFileName, catalogTypeId, catalogBrandId } = item;
    const body = {
      name, description, price: 11.25, pictureFileName, catalogTypeId, catalogBrandId,
      availableStock, restockThreshold, maxStockThreshold, onReorder, version,
    };
    expect((await shop.http('api-gateway', 'PUT', `/api/catalog/items/${id}`, { body })).status).toBe(200);

    const event = 'ProductPriceChangedIntegrationEvent';
    const trace = await traceOf('PUT', `/api/catalog/items/${id}`, (t) => {
      // Each app exports on its own schedule: wait for the relay's publish (and the batch it
      // links to) as well as basket's handling, whichever arrives last.
      const processing = t.spans().find((s) => s.serviceName === 'basket-api' && s.name === `process ${event}`);
      const published = t.spans().find((s) => s.serviceName === 'catalog-api' && s.name === `publish ${event}`);
      const batchArrived = receiver.spans().some((s) => s.spanId === published?.links[0]?.spanId);
      return processing !== undefined && batchArrived && t.below(processing, (s) => scopeOf(s, 'ioredis')).length > 0;
    });
    const root = trace.find('gateway SERVER', (s) => s.serviceName === 'api-gateway' && s.kind === 'SERVER');
    expect(root.parentSpanId).toBeUndefined();
    expect(new Set(trace.spans().map((s) => s.serviceName))).toEqual(new Set(['api-gateway', 'catalog-api', 'basket-api']));

    // gateway → catalog over HTTP: the catalog SERVER span's parent is the gateway's undici CLIENT span.
    const catalogServer = trace.find('catalog SERVER', (s) => s.serviceName === 'catalog-api' && s.kind === 'SERVER' && method(s) === 'PUT');
    const upstreamCall = trace.find('parent of catalog SERVER', (s) => s.spanId === catalogServer.parentSpanId);
    expect(upstreamCall).toMatchObject({ serviceName: 'api-gateway', kind: 'CLIENT', scope: '@opentelemetry/instrumentation-undici' });
    expect(method(upstreamCall)).toBe('PUT');
    expect(trace.descends(upstreamCall, root)).toBe(true);

    // catalog: SQL (pg CLIENT spans) and the outbox write in the request's transaction.
    expect(trace.below(catalogServer, (s) => scopeOf(s, 'pg') && s.kind === 'CLIENT').length).toBeGreaterThan(0);
    const write = trace.named('catalog-api', `outbox write ${event}`);
    expect(write.kind).toBe('INTERNAL');
    expect(trace.descends(write, catalogServer)).toBe(true);
    expect(trace.below(write, (s) => scopeOf(s, 'pg')).length).toBeGreaterThan(0);

    // The relay's publish continues the row's trace (parent) and links to its batch (another trace).
    const publish = trace.named('catalog-api', `publish ${event}`);
    expect(publish).toMatchObject({ kind: 'PRODUCER', parentSpanId: write.spanId });
    expect(publish.links).toHaveLength(1);
    const batch = receiver.spans().find((s) => s.spanId === publish.links[0]?.spanId);
    expect(batch).toMatchObject({ name: 'outbox relay batch', serviceName: 'catalog-api', kind: 'INTERNAL' });
    expect(batch?.traceId).not.toBe(trace.traceId);

    // basket: the delivery (CONSUMER) below the publish, its outcome, the fan-out and the Redis calls.
    const processing = trace.named('basket-api', `process ${event}`);
    expect(processing.kind).toBe('CONSUMER');
    expect(trace.descends(processing, publish)).toBe(true);
    expect(processing.attributes).toMatchObject({ 'eshop.delivery.outcome': 'ack', 'eshop.delivery.attempt': 1, 'eshop.event.name': event });
    const fanOut = trace.named('basket-api', 'price fan-out');
    expect(fanOut).toMatchObject({ kind: 'INTERNAL', attributes: expect.objectContaining({ 'eshop.basket.fanout_baskets': 1 }) });
    expect(trace.descends(fanOut, processing)).toBe(true);
    const redis = trace.below(fanOut, (s) => scopeOf(s, 'ioredis'));
    expect(redis.length).toBeGreaterThan(0);
    expect(redis.every((s) => s.kind === 'CLIENT' && s.serviceName === 'basket-api')).toBe(true);

    // pino lines written while handling carry the trace and the span they were written in.
    const handled = system
      .output('basket-api', 1_000_000)
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry['msg'] === 'price change handled' && entry['productId'] === id);
    expect(handled).toMatchObject({ trace_id: trace.traceId, span_id: processing.spanId, service: 'basket-api' });
  }, 180_000);

  it('a checkout through the gateway is one trace to paid: basket, ordering, catalog stock check, payment', async () => {
    const product = await shop.createProduct({ stock: 5, price: 20 });
    const buyer = uniqueName('buyer');
    const put = await shop.http('api-gateway', 'PUT', '/api/basket', { buyer, body: { items: [{ productId: product.id, quantity: 2 }] } });
    expect(put.status).toBe(200);
    const checkout = await shop.http('api-gateway', 'POST', '/api/basket/checkout', {
      buyer, body: CHECKOUT_DETAILS, headers: { 'x-requestid': randomUUID() },
    });
    expect(checkout.status).toBe(202);
    const orderNumber = await shop.theOrderOf(buyer);
    await shop.waitForStatus(buyer, orderNumber, 'paid');

    const step = (service: string, name: string) => (t: TraceShape) => t.spans().some((s) => s.serviceName === service && s.name === name);
    const steps = [
      (t: TraceShape) => t.spans().some((s) => s.serviceName === 'basket-api' && s.kind === 'PRODUCER'),
      step('ordering-api', 'process UserCheckoutAcceptedIntegrationEvent'),
      step('ordering-api', 'process GracePeriodConfirmedIntegrationEvent'),
      step('catalog-api', 'process OrderStatusChangedToAwaitingValidationIntegrationEvent'),
      step('ordering-api', 'process OrderStockConfirmedIntegrationEvent'),
      step('payment-api', 'process OrderStatusChangedToStockConfirmedIntegrationEvent'),
      step('ordering-api', 'process OrderPaymentSucceededIntegrationEvent'),
      step('ordering-api', 'outbox write OrderStatusChangedToPaidIntegrationEvent'),
    ];
    // Apps export on their own schedules: a consumer's span can arrive before its parent
    // (the publish in another app). Complete = every step there and every delivery connected.
    const connected = (t: TraceShape) => {
      const top = t.spans().find((s) => s.serviceName === 'api-gateway' && s.kind === 'SERVER');
      return top !== undefined && t.spans().filter((s) => s.kind === 'CONSUMER').every((s) => t.descends(s, top));
    };
    const trace = await traceOf('POST', '/api/basket/checkout', (t) => steps.every((done) => done(t)) && connected(t));
    expect(new Set(trace.spans().map((s) => s.serviceName))).toEqual(
      new Set(['api-gateway', 'basket-api', 'ordering-api', 'catalog-api', 'payment-api']),
    );
    // Every delivery of the saga sits under the one before it: each CONSUMER span descends
    // from the gateway's SERVER span through parents, never through links only.
    const root = trace.find('gateway SERVER', (s) => s.serviceName === 'api-gateway' && s.kind === 'SERVER');
    const consumers = trace.spans().filter((s) => s.kind === 'CONSUMER' && s.name.startsWith('process '));
    expect(consumers.length).toBeGreaterThanOrEqual(6);
    expect(consumers.filter((s) => !trace.descends(s, root)).map((s) => `${s.serviceName} ${s.name}`)).toEqual([]);
    expect(consumers.every((s) => s.attributes['eshop.delivery.outcome'] === 'ack')).toBe(true);
  }, 180_000);
});
