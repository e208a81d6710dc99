import { z } from 'zod';
import type { BasketRepositoryPort } from '../application/basket-repository.port';
import { BASKET_LIMITS, type Basket, type BasketLine, type BasketLineInput } from '../domain/basket';
import { BasketTooLargeError, QuantityTooLargeError } from '../domain/basket.errors';
import type { BasketKeys } from './basket-keys';
import type { RedisClient } from './redis/redis.tokens';
import { ReverseIndex } from './reverse-index';
import { saveBasketLinesScript } from './scripts/save-basket-lines.script';

/** A line as stored in the basket hash (written only by the Lua scripts). */
const storedLine = z.object({
  productId: z.number(),
  productName: z.string(),
  unitPriceCents: z.number(),
  oldUnitPriceCents: z.number(),
  quantity: z.number(),
  pictureUrl: z.string(),
  version: z.number(),
  seq: z.number(),
});

/** Stored lines (also a checkout's, which keeps them as they were) in the buyer's order. */
export function storedLines(stored: readonly unknown[]): BasketLine[] {
  return stored
    .map((value) => storedLine.parse(value))
    .sort((a, b) => a.seq - b.seq)
    .map(({ seq: _seq, ...line }): BasketLine => line);
}

/**
 * Baskets in Redis: one hash per buyer, one field per product, written by one Lua script in
 * the buyer's slot. The reverse index product → buyers lives in the products' slots: the
 * buyer enters it before the write and leaves it after (see `ReverseIndex`).
 */
export class BasketRepository implements BasketRepositoryPort {
  private readonly index: ReverseIndex;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: BasketKeys,
  ) {
    this.index = new ReverseIndex(redis, keys);
  }

  async find(buyerId: string): Promise<Basket> {
    const fields = await this.redis.hgetall(this.keys.basket(buyerId));
    return { buyerId, lines: storedLines(Object.values(fields).map((json): unknown => JSON.parse(json))) };
  }

  replace(buyerId: string, lines: readonly BasketLineInput[]): Promise<void> {
    return this.save('replace', buyerId, lines);
  }

  add(buyerId: string, line: BasketLineInput): Promise<void> {
    return this.save('add', buyerId, [line]);
  }

  delete(buyerId: string): Promise<void> {
    return this.save('replace', buyerId, []);
  }

  private async save(mode: 'replace' | 'add', buyerId: string, lines: readonly BasketLineInput[]) {
    const productIds = [...new Set(lines.map((line) => String(line.productId)))];
    const applied = await this.index.enter(buyerId, productIds);
    const result = await saveBasketLinesScript.run(
      this.redis,
      [this.keys.basket(buyerId)],
      [
        mode,
        BASKET_LIMITS.maxItems,
        BASKET_LIMITS.maxQuantity,
        // cjson turns an empty JSON array into an empty table either way.
        JSON.stringify(lines),
        JSON.stringify(applied),
      ],
    );
    if (Array.isArray(result) && result[0] === 'OK') {
      const [, added, removed] = result as [string, string, string];
      await this.index.confirm(buyerId, idsOf(added), applied);
      await this.index.leave(buyerId, idsOf(removed));
      return;
    }
    // Nothing was written: the entries made for this write go (unless the basket holds the product).
    await this.index.leave(buyerId, productIds);
    if (result === 'TOO_MANY_ITEMS') throw new BasketTooLargeError();
    if (typeof result === 'string' && result.startsWith('TOO_MANY_UNITS:')) {
      throw new QuantityTooLargeError(result.slice('TOO_MANY_UNITS:'.length));
    }
    throw new Error(`unexpected reply from ${saveBasketLinesScript.name}: ${String(result)}`);
  }
}

/** A script's comma-separated product ids. */
export function idsOf(list: string): string[] {
  return list === '' ? [] : list.split(',');
}
