import { randomUUID } from 'node:crypto';
import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { HEADERS, parkingQueueName } from '@eshop/event-bus-rabbitmq';
import { RabbitMqTestAdmin } from '@eshop/testing';
import { checkConsistency, createFixture, sentSoFar, summary, type Fixture } from './support/consistency';
import { POISON_HEADER, type EventTap } from './support/event-tap';
import { streamPriceChanges } from './support/price-stream';
import { parkedMessages, waitUntilSettled } from './support/settle';
import type { BasketLine, Shop } from './support/shop';
import type { TestSystem } from './support/system';
import { useSystem } from './support/use-system';

/**
 * Faults on the consuming side of a price change: a basket-api instance SIGKILLed while a
 * second one shares its queue, every message duplicated and reordered, poison mixed in.
 * One system (catalog + two basket instances) for the file; each scenario has its own
 * products and baskets.
 */
describe('price changes under consumer-side faults (catalog-api + 2 basket-api processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  let tap: EventTap;
  let admin: RabbitMqTestAdmin;
  useSystem(['catalog-api', 'basket-api', 'basket-api#2'], (started) => ({ system, shop, tap } = started));
  beforeAll(async () => (admin = await RabbitMqTestAdmin.open()));
  afterAll(() => admin?.close());

  const parkedNow = () => parkedMessages(system);

  async function settleAndCheck(fixture: Fixture, extra: Record<string, number>): Promise<void> {
    await waitUntilSettled(system, tap);
    const { counts, problems } = await checkConsistency(shop, tap, fixture);
    console.log(summary(fixture.name, counts, extra));
    expect(problems).toEqual([]);
    expect(counts).toMatchObject({ lost: 0, phantom: 0, mismatched: 0 });
    expect(counts.delivered).toBeGreaterThanOrEqual(counts.committed);
  }

  const snapshot = async (fixture: Fixture): Promise<BasketLine[][]> =>
    Promise.all(fixture.buyers.map((buyer) => shop.basket(buyer)));

  it('basket-kill: one of two basket instances SIGKILLed mid-batch; every basket ends at catalog prices', async () => {
    const fixture = await createFixture(shop, 'basket-kill', 3, 40);
    let killedAt = -1;
    const kill = async () => {
      await system.stopInstance('basket-api', 'SIGKILL');
      killedAt = sentSoFar(fixture);
    };
    await streamPriceChanges(shop, fixture.products, 60, [{ atChange: 50, inject: kill }]);
    await settleAndCheck(fixture, { parked: await parkedNow(), killedAtSent: killedAt });
    expect(await parkedNow()).toBe(0);
  }, 120_000);

  it('duplicates: every price change re-published, older versions after newer; baskets unchanged by them', async () => {
    const fixture = await createFixture(shop, 'duplicates', 3, 15);
    tap.republish = 'copies-and-stale-prices';
    await streamPriceChanges(shop, fixture.products, 60).finally(() => (tap.republish = 'none'));
    await settleAndCheck(fixture, { republished: tap.republished, parked: await parkedNow() });
    expect(await parkedNow()).toBe(0);
    // After settling, every event once more, newest first, under a fresh id: only versions guard now.
    const before = await snapshot(fixture);
    const ids = new Set(fixture.products.map((product) => product.id));
    const events = tap.of(PRODUCT_PRICE_CHANGED, (body) => ids.has(Number(body['productId']))).reverse();
    for (const { body } of events) {
      const stale = { ...body, id: randomUUID() };
      await admin.publishRaw(system.exchange, PRODUCT_PRICE_CHANGED, JSON.stringify(stale), {
        messageId: stale.id, type: PRODUCT_PRICE_CHANGED, contentType: 'application/json',
      });
    }
    await waitUntilSettled(system, tap);
    const after = await snapshot(fixture);
    const changed = after.filter((lines, n) => JSON.stringify(lines) !== JSON.stringify(before[n])).length;
    const parked = await parkedNow();
    console.log(`[scenario] stale-replay: replayed=${events.length} basketsChanged=${changed} parked=${parked}`);
    expect(after).toEqual(before);
    expect(parked).toBe(0);
  }, 120_000);

  it('poison: bad JSON and schema-invalid messages parked with their error; good ones applied', async () => {
    const fixture = await createFixture(shop, 'poison', 3, 15);
    const poison = [
      ...Array.from({ length: 10 }, (_, n) => `{"id": "not json ${n}`),
      ...Array.from({ length: 10 }, () => JSON.stringify({ id: randomUUID(), creationDate: new Date().toISOString() })),
      ...fixture.products.map((product) =>
        JSON.stringify({
          id: randomUUID(), creationDate: new Date().toISOString(),
          productId: product.id, newPrice: -1, oldPrice: 1, version: 1_000_000,
        })),
    ];
    const publishPoison = async () => {
      for (const content of poison) {
        await admin.publishRaw(system.exchange, PRODUCT_PRICE_CHANGED, content, {
          messageId: randomUUID(), type: PRODUCT_PRICE_CHANGED, contentType: 'application/json',
          headers: { [POISON_HEADER]: 1 },
        });
      }
    };
    await streamPriceChanges(shop, fixture.products, 60, [{ atChange: 30, inject: publishPoison }]);
    await settleAndCheck(fixture, { poison: poison.length, poisonSeen: tap.poisonSeen, parked: await parkedNow() });
    expect(tap.poisonSeen).toBe(poison.length);
    const parked = await admin.drain(parkingQueueName(system.queue('basket-api')));
    expect(parked).toHaveLength(poison.length);
    expect(parked.map((message) => message.content.toString()).sort()).toEqual([...poison].sort());
    for (const message of parked) expect(String(message.properties.headers?.[HEADERS.parkedError] ?? '')).not.toBe('');
  }, 120_000);
});
