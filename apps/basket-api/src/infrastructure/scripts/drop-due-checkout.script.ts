import { LuaScript } from '../redis/lua-script';

/**
 * Removes a checkout from the due set if its deadline there is still the one the sweeper
 * read: a checkout retaken with the same request id meanwhile (a new, later deadline) stays.
 *
 * KEYS[1] due set    ARGV[1] member    ARGV[2] score read
 * Returns 1 when removed, else 0.
 */
export const dropDueCheckoutScript = new LuaScript(
  'drop-due-checkout',
  `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`,
);
