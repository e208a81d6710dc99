import { sleep, waitFor } from '@eshop/testing';
import { checkConsistency, createFixture, sentSoFar, summary, type Fixture } from './support/consistency';
import type { EventTap } from './support/event-tap';
import { cutBrokerConnections, terminateRelaySessions } from './support/faults';
import { streamPriceChanges } from './support/price-stream';
import { parkedMessages, waitUntilSettled } from './support/settle';
import type { Shop } from './support/shop';
import type { TestSystem } from './support/system';
import { useSystem } from './support/use-system';

/**
 * Faults on the publishing side of a price change (catalog → outbox → broker → basket):
 * broker connections cut, catalog SIGKILLed, the relay's Postgres sessions terminated.
 * One system for the file; each scenario has its own products and baskets.
 */
describe('price changes under publisher-side faults (catalog-api + basket-api processes)', () => {
  let system: TestSystem;
  let shop: Shop;
  let probe: EventTap;
  useSystem(['catalog-api', 'basket-api'], (started) => ({ system, shop, tap: probe } = started));

  async function settleAndCheck(fixture: Fixture, extra: Record<string, number>): Promise<void> {
    await waitUntilSettled(system);
    const { counts, problems } = await checkConsistency(shop, probe, fixture);
    const parked = await parkedMessages(system);
    console.log(summary(fixture.name, counts, { parked, ...extra }));
    expect(problems).toEqual([]);
    expect(counts).toMatchObject({ lost: 0, phantom: 0, mismatched: 0 });
    expect(counts.delivered).toBeGreaterThanOrEqual(counts.committed);
    expect(parked).toBe(0);
  }

  it('broker-cut: every connection of the run cut twice mid-stream; baskets end at catalog prices', async () => {
    const fixture = await createFixture(shop, 'broker-cut', 4, 15);
    let cuts = 0;
    const cutAt: number[] = [];
    const cut = async () => {
      const closed = await cutBrokerConnections(system.pids());
      cuts += closed;
      cutAt.push(sentSoFar(fixture));
    };
    // 4 products × 250 = the 1,000 price changes.
    await streamPriceChanges(shop, fixture.products, 250, [
      { atChange: 40, inject: cut },
      { atChange: 400, inject: cut },
    ]);
    // Two processes (catalog with its relay, basket), each cut twice; the first cut mid-stream.
    expect(cuts).toBeGreaterThanOrEqual(4);
    expect(cutAt[0]).toBeLessThan(1_000);
    await settleAndCheck(fixture, { connectionsCut: cuts, firstCutAtSent: cutAt[0] ?? -1, secondCutAtSent: cutAt[1] ?? -1 });
    expect(fixture.products.every((product) => product.committed.size === 250)).toBe(true);
  }, 120_000);

  it('catalog-kill: catalog SIGKILLed mid-stream and restarted; every committed change reaches the baskets', async () => {
    const fixture = await createFixture(shop, 'catalog-kill', 3, 15);
    let killedAt = -1;
    const killAndRestart = async () => {
      await system.stopInstance('catalog-api', 'SIGKILL');
      killedAt = sentSoFar(fixture);
      await system.startInstance('catalog-api');
    };
    await streamPriceChanges(shop, fixture.products, 100, [{ atChange: 120, inject: killAndRestart }]);
    await settleAndCheck(fixture, { killedAtSent: killedAt });
  }, 120_000);

  it('relay-db-cut: the relay’s Postgres sessions terminated during its batches; every event is published', async () => {
    const fixture = await createFixture(shop, 'relay-db-cut', 3, 15);
    let terminated = 0;
    let streaming = true;
    const terminateUntilDone = async () => {
      while (streaming) {
        const killed = await terminateRelaySessions(system.database('catalog-api').name);
        terminated += killed;
        await sleep(50);
      }
    };
    const faults = terminateUntilDone();
    await streamPriceChanges(shop, fixture.products, 100)
      .catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\ncatalog-api printed:\n${system.output('catalog-api')}`);
      })
      .finally(() => (streaming = false));
    await faults;
    expect(terminated).toBeGreaterThan(0);
    await waitFor(async () => (await fetch(`${system.url('catalog-api')}/health/ready`)).ok, 'catalog ready', 20_000);
    await settleAndCheck(fixture, { sessionsTerminated: terminated });
  }, 300_000);
});
