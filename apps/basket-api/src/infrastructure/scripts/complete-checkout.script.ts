import { LuaScript } from '../redis/lua-script';

/**
 * Handles OrderStarted for one buyer, atomically with its handled marker: the checkout it
 * answers becomes `started` and leaves the open set (the sweeper drops it from the due set,
 * which lives in another slot, when it finds it no longer open). It never touches the basket:
 * the units left it when the checkout took them.
 *
 * Which checkout: the one of the event's request id when the event names it; otherwise (the
 * OrderStarted contract has no request id yet) the buyer's oldest open checkout that was
 * published, else the oldest open one (a publish whose confirmation a crash lost).
 *
 * KEYS[1] handled marker (in the buyer's slot)    KEYS[2] buyer's open checkouts
 * ARGV[1] marker TTL (s)    ARGV[2] the buyer's checkout key prefix
 * ARGV[3] TTL of the started checkout (s)    ARGV[4] request id, or '' when unknown
 * Returns 'duplicate' | 'completed' | 'late' (given back before the order started) | 'no-checkout'.
 */
export const completeCheckoutScript = new LuaScript(
  'complete-checkout',
  `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'duplicate' end
local requestId, matched = ARGV[4], 'request-id'
if requestId == '' then
  matched = 'oldest'
  local open = redis.call('ZRANGE', KEYS[2], 0, -1)
  requestId = open[1]
  for _, id in ipairs(open) do
    if redis.call('HGET', ARGV[2] .. id, 'published') == '1' then requestId = id; break end
  end
end
local outcome = 'no-checkout'
if requestId then
  local key = ARGV[2] .. requestId
  local state = redis.call('HGET', key, 'state')
  if state == 'open' then
    outcome = 'completed'
    redis.call('HSET', key, 'state', 'started', 'matched', matched)
    redis.call('EXPIRE', key, ARGV[3])
    redis.call('ZREM', KEYS[2], requestId)
  elseif state == 'returned' then
    outcome = 'late'
  end
end
redis.call('SET', KEYS[1], outcome, 'EX', ARGV[1])
return outcome
`,
);
