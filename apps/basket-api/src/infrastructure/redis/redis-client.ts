import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './redis.tokens';

export interface RedisModuleOptions {
  readonly url: string;
  /** `host:port,…`: a Redis Cluster's seed nodes; `url` then gives only credentials and TLS. */
  readonly clusterNodes?: string | undefined;
  readonly connectionName: string;
}

/** A single node (REDIS_URL) or a cluster (REDIS_CLUSTER_NODES): the same commands on both. */
export function createRedisClient(options: RedisModuleOptions): RedisClient {
  const nodeOptions = {
    connectionName: options.connectionName,
    // Fail a command after two reconnect attempts rather than queueing it for ever: an HTTP
    // request then errors, and a handler fails and is retried by the bus.
    maxRetriesPerRequest: 2,
  };
  if (!options.clusterNodes) return new Redis(options.url, nodeOptions);
  const seeds = options.clusterNodes.split(',').map((node) => {
    const colon = node.lastIndexOf(':');
    return { host: node.slice(0, colon), port: Number(node.slice(colon + 1)) };
  });
  const url = new URL(options.url);
  const credentials = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return new Cluster(seeds, { redisOptions: { ...nodeOptions, ...credentials } });
}
