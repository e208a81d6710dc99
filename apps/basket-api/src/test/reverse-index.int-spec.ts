import { randomUUID } from 'node:crypto';
import { uniqueName } from '@eshop/testing';
import { ApplyPriceChangeUseCase } from '../application/apply-price-change.use-case';
import type { BasketLineInput } from '../domain/basket';
import { BasketKeys } from '../infrastructure/basket-keys';
import { BasketRepository } from '../infrastructure/basket.repository';
import { PriceChangeRepository } from '../infrastructure/price-change.repository';
import type { RedisClient } from '../infrastructure/redis/redis.tokens';
import { saveBasketLinesScript } from '../infrastructure/scripts/save-basket-lines.script';
import { deleteKeys, redisBackend, type Redis } from './basket-app.fixture';

// The reverse index lives in the products' hash slots, the baskets in the buyers': no write
// updates both atomically (ReverseIndex explains the order that replaces atomicity). Here two
// writers per buyer keep adding and removing the product while its price changes fan out:
// whatever the interleaving, no basket that holds the product may miss a change. The random
// races rarely hit the narrow windows, so two tests also force them: a writer's own client
// is held at one command (the command still runs on the real Redis when released).

const WATCHED = 7;
const OTHER = 8;
const BUYERS = 40;
const WRITES_PER_WRITER = 30;
const CHANGES = 15;

/** Holds the first call of `command` on `client` that `matches` until `release()`. */
function holdAt(client: RedisClient, command: 'evalsha' | 'srem', matches: (args: unknown[]) => boolean) {
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[command]!.bind(client);
  let reached!: () => void;
  let release!: () => void;
  const held = { reached: new Promise<void>((r) => (reached = r)), release: () => release() };
  const released = new Promise<void>((r) => (release = r));
  let armed = true;
  target[command] = async (...args: unknown[]) => {
    if (armed && matches(args)) {
      armed = false;
      reached();
      await released;
    }
    return original(...args);
  };
  return held;
}

describe('reverse index under racing adds, removals and price changes (real Redis)', () => {
  let redis: Redis;
  let keys: BasketKeys;
  const clients: RedisClient[] = [];

  beforeAll(async () => {
    redis = (await redisBackend()).client();
    keys = new BasketKeys(`${uniqueName('basket_index')}:`);
  });

  afterAll(async () => {
    await deleteKeys(redis, keys.prefix);
    redis.disconnect();
    for (const client of clients) client.disconnect();
  });

  /** A writer with its own connection, as another app instance would have. */
  async function writer(): Promise<{ client: RedisClient; baskets: BasketRepository }> {
    const client = (await redisBackend()).client();
    clients.push(client);
    return { client, baskets: new BasketRepository(client, keys) };
  }

  const fanOut = () => new ApplyPriceChangeUseCase(new PriceChangeRepository(redis, keys), { consumer: 'test', batchSize: 1 });
  const changeTo = (version: number) =>
    fanOut().execute({ eventId: randomUUID(), productId: WATCHED, version, newPriceCents: 100 * version });
  const watchedVersion = async (buyer: string) =>
    (await new BasketRepository(redis, keys).find(buyer)).lines.find((l) => l.productId === WATCHED)?.version;

  const line = (productId: number): BasketLineInput => ({
    productId, productName: `product ${productId}`, unitPriceCents: 100, quantity: 1, pictureUrl: '', version: 1,
  });

  /** Buyer → version of the watched line (undefined: the basket lacks it), and the index. */
  async function state(baskets: BasketRepository, buyers: readonly string[]) {
    const versions = await Promise.all(
      buyers.map(async (buyer) => (await baskets.find(buyer)).lines.find((l) => l.productId === WATCHED)?.version),
    );
    const indexed = new Set(await redis.smembers(keys.buyersOf(WATCHED)));
    return buyers.map((buyer, i) => ({ buyer, version: versions[i], indexed: indexed.has(buyer) }));
  }

  it('a line added while a removal of it is under way: the remover re-checks the basket after leaving the index', async () => {
    const [adder, remover] = [await writer(), await writer()];
    await adder.baskets.replace('ann', [line(WATCHED)]);
    // The remover empties the basket and is held before it leaves the product's index…
    const held = holdAt(remover.client, 'srem', () => true);
    const removing = remover.baskets.replace('ann', []);
    await held.reached;
    // …while the adder puts the product back, completely.
    await adder.baskets.replace('ann', [line(WATCHED)]);
    held.release();
    await removing;
    await changeTo(2);
    expect(await watchedVersion('ann')).toBe(2);
  });

  it('a change fanned out between a writer entering the index and writing: the writer catches up', async () => {
    const [adder, remover] = [await writer(), await writer()];
    await adder.baskets.replace('bob', [line(WATCHED)]);
    // The adder enters the index (reading no applied change) and is held before its basket write…
    const held = holdAt(adder.client, 'evalsha', ([sha]) => sha === saveBasketLinesScript.sha);
    const adding = adder.baskets.replace('bob', [line(WATCHED), line(OTHER)]);
    await held.reached;
    // …a removal takes bob out of the index, and a change fans out without him.
    await remover.baskets.replace('bob', []);
    await changeTo(3);
    held.release();
    await adding;
    expect(await watchedVersion('bob')).toBe(3);
  });

  it('gives every basket holding the product the newest change, and keeps each holder in the index', async () => {
    const baskets = new BasketRepository(redis, keys);
    const change = changeTo;
    const buyers = Array.from({ length: BUYERS }, (_, i) => `buyer-${i}`);

    const writers = buyers.flatMap((buyer) =>
      [0, 1].map(async () => {
        for (let i = 0; i < WRITES_PER_WRITER; i += 1) {
          await baskets.replace(buyer, Math.random() < 0.5 ? [line(WATCHED), line(OTHER)] : [line(OTHER)]);
        }
      }),
    );
    const changes = (async () => {
      for (let version = 2; version <= CHANGES + 1; version += 1) await change(version);
    })();
    await Promise.all([...writers, changes]);

    const settled = await state(baskets, buyers);
    const holders = settled.filter((s) => s.version !== undefined);
    // Both outcomes of the races occur, or the test proves nothing.
    expect(holders.length).toBeGreaterThan(0);
    expect(holders.length).toBeLessThan(BUYERS);
    expect(holders.filter((s) => s.version !== CHANGES + 1 || !s.indexed)).toEqual([]);

    // A change after the dust settled reaches every holder through the index alone.
    await change(CHANGES + 2);
    const after = await state(baskets, buyers);
    expect(after.filter((s) => s.version !== undefined && s.version !== CHANGES + 2)).toEqual([]);
  }, 120_000);
});
