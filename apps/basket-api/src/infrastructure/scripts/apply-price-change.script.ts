import { LuaScript } from '../redis/lua-script';

/**
 * Applies one price change to a batch of baskets. For each basket, in the same atomic step:
 * skip it if this event already updated it (the per-event set of handled baskets), else
 * move the line's price to oldUnitPrice and set the new one when the line's version is
 * older, and record the basket as handled. A crash between two batches leaves every basket
 * either fully updated and recorded, or untouched: the redelivery finishes the rest.
 *
 * KEYS[1] set of baskets this event already handled    KEYS[2..] basket hashes
 * ARGV[1] productId  ARGV[2] version  ARGV[3] price in cents  ARGV[4] TTL of KEYS[1] (s)
 * ARGV[5..] the buyer of KEYS[2..], in the same order
 * Returns how many baskets changed.
 */
export const applyPriceChangeScript = new LuaScript(
  'apply-price-change',
  `
local done = KEYS[1]
local pid, version, price = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local changed = 0
for i = 2, #KEYS do
  local buyer = ARGV[i + 3]
  if redis.call('SISMEMBER', done, buyer) == 0 then
    local raw = redis.call('HGET', KEYS[i], pid)
    if raw then
      local line = cjson.decode(raw)
      if line.version < version then
        line.oldUnitPriceCents = line.unitPriceCents
        line.unitPriceCents = price
        line.version = version
        redis.call('HSET', KEYS[i], pid, cjson.encode(line))
        changed = changed + 1
      end
    end
    redis.call('SADD', done, buyer)
  end
end
redis.call('EXPIRE', done, ARGV[4])
return changed
`,
);
