import { randomUUID } from 'node:crypto';
import { PrivateBroker, waitFor } from '@eshop/testing';
import { CHECKOUT_DETAILS, Shop, type BasketLine, type CatalogItem } from '../support/shop';
import { TestSystem, type AppName } from '../support/system';
import { ReadinessWatch, everyBusAppReports, probeReady } from './broker-outage.readiness';
import { TestPrometheus, testAlertRules } from './prometheus-server';

/**
 * Issue 13 §1 and issue 17 (Prometheus): the shop through a broker outage, watched by a real
 * Prometheus. Everything runs on a RabbitMQ node of this test alone (PrivateBroker), whose app
 * is stopped with `rabbitmqctl stop_app` and started again; the shared broker is never touched.
 *
 * The outage lasts longer than the thresholds that would take an instance out of rotation if
 * its readiness failed: Kubernetes, 3 failed probes 5 s apart (k8s/base/<app>/deployment.yaml:
 * periodSeconds 5, failureThreshold 3) = 15 s; Consul, one failed check every 10 s
 * (libs/discovery defaultHealthCheck: interval 10s) makes it critical. Readiness is probed
 * every half second throughout.
 *
 * Prometheus scrapes every service's METRICS_PORT each second and evaluates
 * deploy/prometheus/alerts.yml with its expressions unchanged and `for:` cut to 2 s.
 */
const OUTAGE_AT_LEAST_MS = 20_000; // > 15 s (Kubernetes) and > 10 s (Consul)
const PRODUCTS = 5;
const SERVICES: readonly AppName[] = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api'];
const GATEWAY = 'api-gateway';
const BUYER = `outage-${randomUUID().slice(0, 8)}`;

describe('broker outage: the shop keeps serving, the outbox keeps every price change, Prometheus sees it', () => {
  let broker: PrivateBroker | undefined;
  let system: TestSystem | undefined;
  let prometheus: TestPrometheus | undefined;
  let shop: Shop;

  beforeAll(async () => {
    broker = await PrivateBroker.start();
    system = await TestSystem.start([...SERVICES, GATEWAY], { rabbitmqUrl: broker.url, metricsPorts: true });
    shop = new Shop(system);
    const targets = SERVICES.map((app) => ({ app, port: (system as TestSystem).metricsPort(app) }));
    prometheus = await TestPrometheus.start(targets, await testAlertRules('2s'));
  }, 400_000);
  afterAll(async () => {
    await prometheus?.stop();
    await broker?.startApp().catch(() => undefined); // a failed run may leave it stopped; stop() cleans up through it
    await system?.stop().catch(() => undefined);
    await broker?.destroy();
  }, 180_000);

  const viaGateway = <T>(method: string, path: string, request: Parameters<Shop['http']>[3] = {}) =>
    shop.http<T>(GATEWAY, method, path, request);
  const checkout = () =>
    viaGateway<{ message?: string }>('POST', '/api/basket/checkout', {
      buyer: BUYER,
      body: CHECKOUT_DETAILS,
      headers: { 'x-requestid': randomUUID() },
    });
  const basketLines = async () => (await viaGateway<{ items: BasketLine[] }>('GET', '/api/basket', { buyer: BUYER })).body.items;
  const pending = async (service: string) =>
    (await prometheus?.scalar(`eshop_outbox_pending_events{service="${service}"}`)) ?? Number.NaN;

  it('serves reads, price writes and basket edits, refuses checkout, stays ready, and delivers every change after', async () => {
    const [sys, prom, node] = [system as TestSystem, prometheus as TestPrometheus, broker as PrivateBroker];
    await waitFor(async () => (await prom.query('up{job="eshop"} == 1')).length === SERVICES.length, 'every target scraped', 60_000, 500);
    const products: CatalogItem[] = [];
    for (let n = 0; n < PRODUCTS; n++) products.push(await shop.createProduct({ price: 10 + n }));
    const extra = await shop.createProduct({ price: 99 });
    for (const product of products) await shop.addToBasket(BUYER, product);
    await waitFor(() => everyBusAppReports(sys, true), 'every service connected to the broker', 60_000, 250);
    expect(await pending('catalog-api')).toBe(0);

    // The outage.
    const downAt = Date.now();
    await node.stopApp();
    await waitFor(() => everyBusAppReports(sys, false), 'every service to see the broker gone', 60_000, 250);
    const readiness = new ReadinessWatch(sys);
    // basket-api says "checkout not accepted: the event bus is unavailable…", and the gateway
    // relays a service's own 503 as it is (isDeliberateUnavailable), so the buyer reads why.
    let checkout503 = 0;
    const refusals: string[] = [];
    const messages = new Set<string>();
    const tryCheckout = async () => {
      const reply = await checkout();
      const message = reply.body.message ?? '';
      if (reply.status === 503 && /event bus is unavailable/.test(message)) checkout503++;
      else refusals.push(`${reply.status} ${JSON.stringify(reply.body)}`);
      messages.add(message);
    };
    await tryCheckout();

    // Price writes and catalog reads through the gateway.
    const changed = new Map<number, { oldPrice: number; newPrice: number }>();
    for (const product of products) {
      const newPrice = product.price + 1.25;
      const reply = await viaGateway<CatalogItem>('PUT', `/api/catalog/items/${product.id}`, { body: { ...product, price: newPrice } });
      expect(reply.status).toBe(200);
      changed.set(product.id, { oldPrice: product.price, newPrice });
    }
    const page = await viaGateway<{ count: number }>('GET', '/api/catalog/items?pageIndex=0&pageSize=10');
    expect(page.status).toBe(200);
    for (const product of products) {
      const read = await viaGateway<CatalogItem>('GET', `/api/catalog/items/${product.id}`);
      expect([read.status, read.body.price]).toEqual([200, changed.get(product.id)?.newPrice]);
    }

    // Basket reads and edits through the gateway; checkout is refused and leaves the basket as it was.
    const added = await viaGateway('POST', '/api/basket/items', { buyer: BUYER, body: { productId: extra.id, quantity: 2 } });
    expect(added.status).toBe(200);
    expect((await basketLines()).map((line) => line.productId).sort()).toEqual([...products, extra].map((p) => p.id).sort());
    await tryCheckout();
    expect((await basketLines()).length).toBe(PRODUCTS + 1);

    // Prometheus: the backlog, and the alerts of deploy/prometheus/alerts.yml.
    const pendingPeak = await waitFor(
      async () => ((await pending('catalog-api')) >= PRODUCTS ? pending('catalog-api') : undefined),
      'Prometheus to see the catalog outbox backlog',
      60_000,
      500,
    );
    await waitFor(() => prom.firing('EshopBusDisconnected', 'catalog-api'), 'EshopBusDisconnected to fire', 120_000, 1_000);
    await waitFor(() => prom.firing('EshopOutboxLagging', 'catalog-api'), 'EshopOutboxLagging to fire', 180_000, 1_000);
    await waitFor(() => Date.now() - downAt >= OUTAGE_AT_LEAST_MS, 'the outage to outlast the probe thresholds', OUTAGE_AT_LEAST_MS + 5_000, 500);
    await tryCheckout();
    await readiness.stop();
    const down = (Date.now() - downAt) / 1_000;

    // The broker returns: every change made meanwhile reaches the basket, old and new price shown.
    await node.startApp();
    const shows = (line: BasketLine) => {
      const change = changed.get(line.productId);
      return change !== undefined && line.unitPrice === change.newPrice && line.oldUnitPrice === change.oldPrice;
    };
    let delivered = 0;
    await waitFor(async () => (delivered = (await basketLines()).filter(shows).length) === PRODUCTS, 'every price change in the basket', 180_000, 500).catch(
      () => undefined,
    );
    await waitFor(async () => (await pending('catalog-api')) === 0, 'Prometheus to see the outbox drained', 120_000, 1_000);
    await waitFor(async () => !(await prom.firing('EshopOutboxLagging', 'catalog-api')), 'EshopOutboxLagging to resolve', 120_000, 1_000);
    await waitFor(async () => (await probeReady(sys, 'payment-api')).status === 200, 'payment-api ready again', 60_000, 250);
    const afterCheckout = await checkout();

    console.log(
      `broker-outage: down=${down.toFixed(1)}s priceChanges=${changed.size} delivered=${delivered} lost=${changed.size - delivered}` +
        ` checkout503=${checkout503} ready200=${readiness.ready200} probeRounds=${readiness.rounds} pendingPeak=${pendingPeak}` +
        ` alerts=EshopBusDisconnected,EshopOutboxLagging checkoutMessage=${JSON.stringify([...messages].join(' | '))}`,
    );
    expect(readiness.unexpected).toEqual([]);
    expect(readiness.rounds).toBeGreaterThan(0);
    expect(refusals).toEqual([]);
    expect(checkout503).toBe(3);
    expect(down).toBeGreaterThanOrEqual(OUTAGE_AT_LEAST_MS / 1_000);
    expect(delivered).toBe(changed.size);
    expect(afterCheckout.status).toBe(202);
  }, 900_000);
});
