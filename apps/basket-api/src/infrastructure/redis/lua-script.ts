import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.tokens';

/**
 * A Lua script run with EVALSHA, falling back to EVAL when Redis does not know it yet (first
 * call, or after a restart flushed the script cache). Redis runs a script atomically: no
 * other command sees its writes half done. On a cluster every key in `keys` must share one
 * hash slot (ioredis sends the script to the node of the first key).
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
