import type { Cluster, Redis } from 'ioredis';

/** Injection token of the ioredis client. */
export const REDIS = Symbol('REDIS');

/**
 * A single Redis node or a Redis Cluster: every script touches keys of one hash slot only
 * (see basket-keys.ts), so the adapters run unchanged on either.
 */
export type RedisClient = Redis | Cluster;
