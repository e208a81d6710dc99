import { LuaScript } from '../redis/lua-script';

/**
 * Handles OrderStarted for one buyer, atomically with its handled marker: takes out of the
 * basket what the last accepted checkout took (the snapshot), keeps what the buyer added
 * since, and forgets the snapshot. Without a snapshot it changes nothing (see the ADR).
 *
 * KEYS[1] handled marker    KEYS[2] basket    KEYS[3] checkout snapshot (productId → units)
 * ARGV[1] buyer    ARGV[2] product key prefix    ARGV[3] marker TTL in seconds
 * Returns 'duplicate' | 'completed' | 'no-checkout'.
 */
export const completeCheckoutScript = new LuaScript(
  'complete-checkout',
  `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'duplicate' end
local snapshot = redis.call('HGETALL', KEYS[3])
local outcome = 'no-checkout'
if #snapshot > 0 then outcome = 'completed' end
for i = 1, #snapshot, 2 do
  local pid, ordered = snapshot[i], tonumber(snapshot[i + 1])
  local raw = redis.call('HGET', KEYS[2], pid)
  if raw then
    local line = cjson.decode(raw)
    line.quantity = line.quantity - ordered
    if line.quantity > 0 then
      redis.call('HSET', KEYS[2], pid, cjson.encode(line))
    else
      redis.call('HDEL', KEYS[2], pid)
      redis.call('SREM', ARGV[2] .. pid .. ':buyers', ARGV[1])
    end
  end
end
redis.call('DEL', KEYS[3])
redis.call('SET', KEYS[1], outcome, 'EX', ARGV[3])
return outcome
`,
);
