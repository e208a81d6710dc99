import { LuaScript } from '../redis/lua-script';

/**
 * Applies one price change to baskets: a line older than the change moves its price to
 * oldUnitPrice and takes the new one. Re-applying changes nothing (the line then has the
 * change's version), so a redelivery after a crash, a duplicate running at the same time and
 * a writer catching up with the newest change all share this script with no per-event
 * record. On a cluster all KEYS are baskets of one slot (one buyer); on one node a batch.
 *
 * KEYS[1..n] basket hashes    ARGV[1] productId    ARGV[2] version    ARGV[3] price in cents
 * ARGV[4..] the buyer of KEYS[1..n], in the same order
 * Returns {changed count, buyers whose basket lacks the line...}.
 */
export const applyPriceChangeScript = new LuaScript(
  'apply-price-change',
  `
local pid, version, price = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local changed, missing = 0, {}
for i = 1, #KEYS do
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
  else
    missing[#missing + 1] = ARGV[i + 3]
  end
end
return { changed, unpack(missing) }
`,
);
