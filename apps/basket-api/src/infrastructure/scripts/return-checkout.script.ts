import { LuaScript } from '../redis/lua-script';

/**
 * Gives an open checkout's units back to the basket, atomic and at most once (the checkout
 * becomes `returned`): after a failed publish, or when no OrderStarted came before its
 * deadline. Units of a product still in the basket add to its line (the newer price of the
 * two wins); a product no longer there comes back as a new last line at the newest price
 * change applied for it (its units left the basket, so the fan-out did not update them).
 *
 * All keys are the buyer's (one slot); the caller added the buyer to the indexes of the
 * checkout's products before, and passes the newest change applied for each of them.
 *
 * KEYS[1] checkout hash    KEYS[2] basket    KEYS[3] buyer's open checkouts
 * ARGV[1] JSON productId → [version, priceCents] (newest applied change)    ARGV[2] request id
 * ARGV[3] TTL of the returned checkout (s)    ARGV[4] 'failed' | 'expired'    ARGV[5] now (ms)
 * Returns {'returned', products added back as new lines (comma-separated)} | 'not-open' |
 * 'not-due' | 'published'.
 *
 * A checkout whose publish failed may have been confirmed already by an OrderStarted without
 * a request id (matched to the buyer's oldest open checkout while this one was publishing):
 * that order is another open checkout's, so the confirmation moves to it (the same choice
 * complete-checkout makes) and this checkout's units still come back.
 */
export const returnCheckoutScript = new LuaScript(
  'return-checkout',
  `
local state, published, taken, deadline, matched =
  unpack(redis.call('HMGET', KEYS[1], 'state', 'published', 'lines', 'deadline', 'matched'))
local appliedPrices, requestId, settledTtl, mode = cjson.decode(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
if state == 'started' and matched == 'oldest' and published == '0' and mode == 'failed' then
  local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[2])
  local open = redis.call('ZRANGE', KEYS[3], 0, -1)
  local other = open[1]
  for _, id in ipairs(open) do
    if redis.call('HGET', prefix .. id, 'published') == '1' then other = id; break end
  end
  if other then
    redis.call('HSET', prefix .. other, 'state', 'started', 'matched', 'oldest')
    redis.call('EXPIRE', prefix .. other, settledTtl)
    redis.call('ZREM', KEYS[3], other)
  end
  state = 'open'
end
if state ~= 'open' then
  redis.call('ZREM', KEYS[3], requestId)
  return 'not-open'
end
if mode == 'failed' and published == '1' then return 'published' end
if mode == 'expired' and tonumber(deadline) > tonumber(ARGV[5]) then return 'not-due' end
local addedIds = {}
local nextSeq = 1
for _, raw in ipairs(redis.call('HVALS', KEYS[2])) do
  local seq = cjson.decode(raw).seq
  if seq >= nextSeq then nextSeq = seq + 1 end
end
for _, line in ipairs(cjson.decode(taken)) do
  local pid = tostring(line.productId)
  local raw = redis.call('HGET', KEYS[2], pid)
  if raw then
    local current = cjson.decode(raw)
    if line.version > current.version then
      current.oldUnitPriceCents = current.unitPriceCents
      current.unitPriceCents, current.version = line.unitPriceCents, line.version
    end
    current.quantity = current.quantity + line.quantity
    line = current
  else
    local applied = appliedPrices[pid]
    if applied and applied[1] > line.version then
      line.oldUnitPriceCents = line.unitPriceCents
      line.unitPriceCents, line.version = applied[2], applied[1]
    end
    addedIds[#addedIds + 1] = pid
    line.seq = nextSeq
    nextSeq = nextSeq + 1
  end
  redis.call('HSET', KEYS[2], pid, cjson.encode(line))
end
redis.call('HSET', KEYS[1], 'state', 'returned')
redis.call('EXPIRE', KEYS[1], settledTtl)
redis.call('ZREM', KEYS[3], requestId)
return { 'returned', table.concat(addedIds, ',') }
`,
);
