import { RedisCluster, testEnv } from '@eshop/testing';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../infrastructure/redis/redis.tokens';

// Which Redis basket's integration tests run on: the shared single node (default), or with
// BASKET_TEST_REDIS=cluster a private three-master Redis Cluster started for the test file
// (`BASKET_TEST_REDIS=cluster npx jest apps/basket-api`). The same test files run on both.

const ON_CLUSTER = process.env['BASKET_TEST_REDIS'] === 'cluster';

let cluster: Promise<RedisCluster> | undefined;

if (ON_CLUSTER) {
  // Registered when a test file imports the fixtures: the file's cluster goes with the file.
  afterAll(async () => {
    if (cluster) await (await cluster).stop();
  }, 60_000);
}

export interface RedisBackend {
  /** The app's environment: REDIS_URL, plus REDIS_CLUSTER_NODES on a cluster. */
  readonly env: Record<string, string>;
  /** Every node's URL (MONITOR and SCAN run per node). */
  readonly nodeUrls: readonly string[];
  /** A new client of the backend; the caller disconnects it. */
  client(): RedisClient;
}

/** The backend of this run (on a cluster, started at the first call of the test file). */
export async function redisBackend(): Promise<RedisBackend> {
  if (!ON_CLUSTER) {
    return { env: { REDIS_URL: testEnv.redisUrl }, nodeUrls: [testEnv.redisUrl], client: () => new Redis(testEnv.redisUrl) };
  }
  cluster ??= RedisCluster.start();
  const running = await cluster;
  const seeds = running.ports.map((port) => ({ host: '127.0.0.1', port }));
  return {
    env: { REDIS_URL: `redis://127.0.0.1:${running.ports[0]}`, REDIS_CLUSTER_NODES: running.nodes },
    nodeUrls: running.ports.map((port) => `redis://127.0.0.1:${port}`),
    client: () => new Cluster(seeds),
  };
}

/** Deletes every key under `prefix`, on every master of a cluster (SCAN is per node). */
export async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      // One key per UNLINK: keys of one node may still lie in different slots.
      await Promise.all(keys.map((key) => node.unlink(key)));
      cursor = next;
    } while (cursor !== '0');
  }
}
