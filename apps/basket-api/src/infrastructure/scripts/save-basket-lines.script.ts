import { LuaScript } from '../redis/lua-script';

/**
 * Writes lines into one basket, in one atomic step of the buyer's slot. The reverse index
 * (product → buyers) lives in the products' slots: the caller added the buyer to the index
 * of every product it writes before this script, and keeps the index in step after it from
 * what this script answers (see reverse-index.ts).
 *
 * KEYS[1] basket hash (field productId → JSON line)
 * ARGV[1] 'replace' (the lines become the basket) | 'add' (quantities add up)
 * ARGV[2] max products    ARGV[3] max units
 * ARGV[4] JSON array of {productId, productName, unitPriceCents, quantity, pictureUrl,
 *         version}: catalog's name, price, picture and version, the buyer's quantity
 * ARGV[5] JSON object productId → [version, priceCents]: the newest price change applied
 *         for each product written, read when the buyer was added to its index
 * Returns {'OK', products added (comma-separated), products removed}, or 'TOO_MANY_ITEMS' or
 * 'TOO_MANY_UNITS:<productId>' (then nothing was written).
 *
 * The price a line keeps is the one with the highest catalog version among what the writer
 * read from catalog, what the basket already holds (it wins ties) and the newest price
 * change applied for the product. When a newer price than the basket's wins, the price the
 * buyer last saw becomes oldUnitPrice, as if the handler had updated the line: a write
 * racing a price change (or a catalog read ahead of the event) loses no warning.
 */
export const saveBasketLinesScript = new LuaScript(
  'save-basket-lines',
  `
local basketKey = KEYS[1]
local mode = ARGV[1]
local maxItems, maxUnits = tonumber(ARGV[2]), tonumber(ARGV[3])
local incoming = cjson.decode(ARGV[4])
local appliedPrices = cjson.decode(ARGV[5])

local existing, count, nextSeq = {}, 0, 1
local flat = redis.call('HGETALL', basketKey)
for i = 1, #flat, 2 do
  local line = cjson.decode(flat[i + 1])
  existing[flat[i]] = line
  count = count + 1
  if line.seq >= nextSeq then nextSeq = line.seq + 1 end
end

local function settlePrice(line, current, pid)
  -- The price the buyer last saw: the basket's, or for a new line the one just read.
  local seen = line.unitPriceCents
  if current then seen = current.unitPriceCents end
  local best = { version = line.version, unit = line.unitPriceCents, old = seen }
  if current and current.version >= best.version then
    best = { version = current.version, unit = current.unitPriceCents, old = current.oldUnitPriceCents }
  end
  local applied = appliedPrices[pid]
  if applied and applied[1] > best.version then
    return { version = applied[1], unit = applied[2], old = seen }
  end
  return best
end

local lines, added, addedIds, removedIds = {}, 0, {}, {}
for i, line in ipairs(incoming) do
  local pid = tostring(line.productId)
  local current = existing[pid]
  local units = line.quantity
  if mode == 'add' and current then units = units + current.quantity end
  if units > maxUnits then return 'TOO_MANY_UNITS:' .. pid end
  local seq = i
  if mode == 'add' then
    if current then seq = current.seq else seq = nextSeq; nextSeq = nextSeq + 1 end
  end
  if not current then added = added + 1; addedIds[#addedIds + 1] = pid end
  local price = settlePrice(line, current, pid)
  lines[pid] = cjson.encode({
    productId = line.productId, productName = line.productName, pictureUrl = line.pictureUrl,
    quantity = units, unitPriceCents = price.unit, oldUnitPriceCents = price.old,
    version = price.version, seq = seq })
end

local total = #incoming
if mode == 'add' then total = count + added end
if total > maxItems then return 'TOO_MANY_ITEMS' end

if mode == 'replace' then
  for pid in pairs(existing) do
    if not lines[pid] then removedIds[#removedIds + 1] = pid end
  end
  redis.call('DEL', basketKey)
end
for pid, json in pairs(lines) do
  redis.call('HSET', basketKey, pid, json)
end
return { 'OK', table.concat(addedIds, ','), table.concat(removedIds, ',') }
`,
);
