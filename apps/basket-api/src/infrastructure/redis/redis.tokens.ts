/** Injection token of the ioredis client. */
export const REDIS = Symbol('REDIS');
