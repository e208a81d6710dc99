// `npm run bench:basket`: how the cost of a price change grows with the number of baskets.
// It lives in basket-api's test/ folder because it measures the app's own use case and Redis
// adapter; bench/ holds only the benches that go through libraries.
//
// One product is held by 100 baskets, in a store of 1,000 baskets and in one of 100,000.
// Timed in the same run:
//   - basket-api's fan-out (ApplyPriceChangeUseCase: reverse index + one Lua script per batch,
//     with its idempotency markers), and
//   - the scan-every-basket baseline eShop's handler used: SCAN every basket key, read the
//     product's line from each, rewrite those that hold it. (Generous to the baseline: it
//     reads one field per basket and rewrites only the holders; eShop read and rewrote all.)
// Goal: the reverse index grows < 1.5× from 1k to 100k baskets; the scan grows ~100×.
//
// The two stores live side by side under their own prefixes, and the fan-out is timed in
// alternating rounds (1k, 100k, 1k, …) so that load from other work on the machine hits
// both sizes alike. The scan walks the whole Redis keyspace whatever its MATCH, so it is
// timed on the 1k store before the 100k store exists.
// Uses its own key prefix in REDIS_URL (default redis://127.0.0.1:6379) and deletes its keys.
// Redis Cluster: `BENCH_REDIS_CLUSTER=1 npm run bench:basket` starts a private three-master
// cluster on free ports (or uses REDIS_CLUSTER_NODES when set); there the fan-out runs one
// script per basket (each buyer's keys share a slot) and the scan baseline scans every master.
import { randomBytes, randomUUID } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import { fmt, median, nowMs, RedisCluster, verdict } from '@eshop/testing';
import { ApplyPriceChangeUseCase } from '../application/apply-price-change.use-case';
import { BasketKeys } from '../infrastructure/basket-keys';
import { BasketRepository } from '../infrastructure/basket.repository';
import { PriceChangeRepository } from '../infrastructure/price-change.repository';
import { createRedisClient } from '../infrastructure/redis/redis-client';
import type { RedisClient } from '../infrastructure/redis/redis.tokens';
import { deleteKeys } from './redis-backend.fixture';

const PRODUCT = 1;
const HOLDERS = 100;
const ROUNDS = 41;
const SCAN_RUNS = 5;

const onCluster = process.env['BENCH_REDIS_CLUSTER'] === '1';
let redis: RedisClient;
/** Where SCAN, DBSIZE and the scan baseline's pipelines run: every master of a cluster. */
const nodes = (): Redis[] => (redis instanceof Cluster ? redis.nodes('master') : [redis]);
const benchPrefix = `bench:basket-fanout:${randomBytes(4).toString('hex')}:`;
const print = (text: string) => process.stdout.write(`${text}\n`);
const line = (productId: number, cents: number) => ({
  productId, productName: `product ${productId}`, unitPriceCents: cents, quantity: 1, pictureUrl: '', version: 1,
});

/** One store of `size` baskets; the first HOLDERS hold the watched product. */
class Store {
  readonly keys: BasketKeys;
  private readonly fanOut: ApplyPriceChangeUseCase;
  private version = 1;

  constructor(readonly size: number) {
    this.keys = new BasketKeys(`${benchPrefix}${size}:`);
    this.fanOut = new ApplyPriceChangeUseCase(new PriceChangeRepository(redis, this.keys), {
      consumer: 'bench',
      batchSize: 200,
    });
  }

  async fill(): Promise<void> {
    const baskets = new BasketRepository(redis, this.keys);
    for (let start = 0; start < this.size; start += 2_000) {
      const writes = [];
      for (let i = start; i < Math.min(this.size, start + 2_000); i += 1) {
        const filler = [line(1_000 + (i % 20), 999), line(2_000 + (i % 7), 450)];
        writes.push(baskets.replace(`buyer-${i}`, i < HOLDERS ? [line(PRODUCT, 1_000), ...filler] : filler));
      }
      await Promise.all(writes);
    }
  }

  /** basket-api's way: the baskets of the reverse index only. */
  async reverseIndex(): Promise<void> {
    this.version += 1;
    const change = { eventId: randomUUID(), productId: PRODUCT, version: this.version, newPriceCents: 1_000 + this.version };
    const { basketsChanged } = await this.fanOut.execute(change);
    if (basketsChanged !== HOLDERS) throw new Error(`fan-out changed ${basketsChanged} baskets`);
  }

  /** eShop's way: visit every basket key. */
  async scanEveryBasket(): Promise<void> {
    let changed = 0;
    for (const node of nodes()) changed += await this.scanNode(node);
    if (changed !== HOLDERS) throw new Error(`scan changed ${changed} baskets`);
  }

  private async scanNode(node: Redis): Promise<number> {
    const field = String(PRODUCT);
    let cursor = '0';
    let changed = 0;
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', `${this.keys.prefix}basket:*`, 'COUNT', 1_000);
      const reads = await node.pipeline(found.map((key) => ['hget', key, field])).exec();
      const writes = node.pipeline();
      reads?.forEach(([, raw], i) => {
        if (typeof raw !== 'string') return;
        const stored = JSON.parse(raw) as { unitPriceCents: number };
        writes.hset(found[i]!, field, JSON.stringify({ ...stored, oldUnitPriceCents: stored.unitPriceCents, unitPriceCents: 777 }));
        changed += 1;
      });
      if (writes.length > 0) await writes.exec();
      cursor = next;
    } while (cursor !== '0');
    return changed;
  }
}

async function timeMs(work: () => Promise<void>): Promise<number> {
  const start = nowMs();
  await work();
  return nowMs() - start;
}

/** Script cache, connection and JIT: ~1 s of work, 3 to 200 runs. */
async function warmUp(work: () => Promise<void>): Promise<void> {
  const end = nowMs() + 1_000;
  for (let i = 0; i < 200 && (i < 3 || nowMs() < end); i += 1) await work();
}

async function scanMedianMs(store: Store): Promise<number> {
  await warmUp(() => store.scanEveryBasket());
  const times = [];
  for (let i = 0; i < SCAN_RUNS; i += 1) times.push(await timeMs(() => store.scanEveryBasket()));
  return median(times);
}

async function dbKeys(): Promise<number> {
  const sizes = await Promise.all(nodes().map((node) => node.dbsize()));
  return sizes.reduce((sum, size) => sum + size, 0);
}

async function measure() {
  const small = new Store(1_000);
  const large = new Store(100_000);
  await small.fill();
  const scanSmall = { ms: await scanMedianMs(small), dbKeys: await dbKeys() };
  await large.fill();
  const scanLarge = { ms: await scanMedianMs(large), dbKeys: await dbKeys() };
  await warmUp(() => small.reverseIndex());
  await warmUp(() => large.reverseIndex());
  const rounds: Array<{ small: number; large: number }> = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    rounds.push({ small: await timeMs(() => small.reverseIndex()), large: await timeMs(() => large.reverseIndex()) });
  }
  return { scanSmall, scanLarge, rounds };
}

/** The Redis to measure on: REDIS_URL's node, or a cluster (REDIS_CLUSTER_NODES or a private one). */
async function connect(): Promise<{ label: string; stop: () => Promise<void> }> {
  const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  if (!onCluster) {
    redis = createRedisClient({ url, connectionName: 'bench' });
    return { label: `single node ${url}`, stop: async () => redis.disconnect() };
  }
  const given = process.env['REDIS_CLUSTER_NODES'];
  const cluster = given ? undefined : await RedisCluster.start();
  const clusterNodes = given ?? cluster!.nodes;
  redis = createRedisClient({ url, clusterNodes, connectionName: 'bench' });
  await new Promise<void>((resolve, reject) => (redis as Cluster).once('ready', resolve).once('error', reject));
  return {
    label: `Redis Cluster ${clusterNodes}${cluster ? ' (private, 3 masters)' : ''}`,
    stop: async () => {
      redis.disconnect();
      await cluster?.stop();
    },
  };
}

async function main(): Promise<void> {
  const { label, stop } = await connect();
  let result: Awaited<ReturnType<typeof measure>>;
  try {
    result = await measure();
  } finally {
    await deleteKeys(redis, benchPrefix);
    await stop();
  }
  const { scanSmall, scanLarge, rounds } = result;
  const ours = { small: median(rounds.map((r) => r.small)), large: median(rounds.map((r) => r.large)) };
  const oursRatio = ours.large / ours.small;
  const roundRatio = median(rounds.map((r) => r.large / r.small));
  const scanRatio = scanLarge.ms / scanSmall.ms;
  const ms = (value: number) => fmt(value, 2).padStart(10);
  print(`price change for a product held by ${HOLDERS} baskets, on ${label}`);
  print(`(reverse index: median of ${ROUNDS} alternating rounds; scan: median of ${SCAN_RUNS} runs)`);
  print('   baskets  reverse index ms   scan-every-basket ms   keys in the Redis db during the scan');
  print(`      1000  ${ms(ours.small)}        ${ms(scanSmall.ms)}             ${scanSmall.dbKeys}`);
  print(`    100000  ${ms(ours.large)}        ${ms(scanLarge.ms)}             ${scanLarge.dbKeys}`);
  print(`growth 1k → 100k baskets: reverse index ×${fmt(oursRatio, 2)} (median per round ×${fmt(roundRatio, 2)}; goal < 1.5: ${verdict(oursRatio < 1.5)}), scan ×${fmt(scanRatio)}`);
  print(`at 100k baskets the reverse index is ${fmt(scanLarge.ms / ours.large, 0)}× faster than the scan`);
  if (oursRatio >= 1.5) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
