import { LuaScript } from '../redis/lua-script';

/**
 * Adds buyers to a product's reverse index and answers the newest price change applied for
 * the product, in one step of the product's slot. Whoever writes a basket line calls it
 * before the write (and again after, when the line is new): with the fan-out recording the
 * applied version before reading the index, either the writer reads the fan-out's version
 * or the fan-out finds the writer's buyer (see reverse-index.ts).
 *
 * KEYS[1] the product's buyers (set)    KEYS[2] the product's applied price (hash)
 * ARGV[1..] buyers
 * Returns {version, priceCents} (nil entries when the product was never repriced).
 */
export const indexBuyersScript = new LuaScript(
  'index-buyers',
  `
redis.call('SADD', KEYS[1], unpack(ARGV))
return redis.call('HMGET', KEYS[2], 'version', 'priceCents')
`,
);
