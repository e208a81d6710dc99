import { LuaScript } from '../redis/lua-script';

/**
 * Checkout, step 1, atomic: MOVES every unit of the basket into the checkout (reservation)
 * of (buyer, request id) and empties the basket, before anything is published. Units added
 * from now on land in the emptied basket and are no business of this checkout; the units
 * taken cannot be taken by another checkout. A request id seen before changes nothing and
 * answers what happened to it.
 *
 * All keys are the buyer's (one slot). The caller entered the checkout in the due set before
 * (a superset the sweeper cleans) and takes the buyer out of the products' indexes after.
 *
 * KEYS[1] basket    KEYS[2] checkout hash    KEYS[3] buyer's open checkouts
 * ARGV[1] now (ms)    ARGV[2] deadline (ms)    ARGV[3] request id
 * Returns {outcome, lines JSON}: 'taken' | 'accepted-earlier' (with the lines it took) |
 * 'in-progress' | 'empty'.
 */
export const checkoutBasketScript = new LuaScript(
  'checkout-basket',
  `
local state, published, taken = unpack(redis.call('HMGET', KEYS[2], 'state', 'published', 'lines'))
if state == 'started' or (state and published == '1') then return { 'accepted-earlier', taken } end
if state == 'open' then return { 'in-progress', '' } end
-- Never seen, or given back before anything was published: take the basket as it is now.
local flat = redis.call('HGETALL', KEYS[1])
if #flat == 0 then return { 'empty', '' } end
local lines = {}
for i = 1, #flat, 2 do
  lines[#lines + 1] = cjson.decode(flat[i + 1])
end
local json = cjson.encode(lines)
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[2], 'state', 'open', 'published', '0', 'lines', json, 'deadline', ARGV[2])
redis.call('PERSIST', KEYS[2])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[3])
return { 'taken', json }
`,
);
