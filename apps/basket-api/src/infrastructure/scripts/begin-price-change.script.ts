import { LuaScript } from '../redis/lua-script';

/**
 * First step of handling a price change, atomic: drop a duplicate, drop (and record) an event
 * older than the newest change applied for the product, otherwise record this change as the
 * product's newest so basket writes from now on take its price, and go on to the baskets.
 *
 * KEYS[1] handled marker of (consumer, event)    KEYS[2] the product's newest applied price
 * ARGV[1] version    ARGV[2] price in cents    ARGV[3] marker TTL in seconds
 * Returns 'duplicate' | 'stale' | 'apply'. Equal versions apply: that is the redelivery of an
 * event whose fan-out a crash interrupted, and the baskets' own versions keep it exact.
 */
export const beginPriceChangeScript = new LuaScript(
  'begin-price-change',
  `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'duplicate' end
local version = tonumber(ARGV[1])
local applied = tonumber(redis.call('HGET', KEYS[2], 'version'))
if applied and applied > version then
  redis.call('SET', KEYS[1], 'stale', 'EX', ARGV[3])
  return 'stale'
end
if not applied or applied < version then
  redis.call('HSET', KEYS[2], 'version', ARGV[1], 'priceCents', ARGV[2])
end
return 'apply'
`,
);
