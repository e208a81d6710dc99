import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BasketRepositoryPort } from '../application/basket-repository.port';
import { BASKET_LIMITS, type Basket, type BasketLine, type BasketLineInput } from '../domain/basket';
import { BasketTooLargeError, QuantityTooLargeError } from '../domain/basket.errors';
import type { BasketKeys } from './basket-keys';
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
 * Baskets in Redis: one hash per buyer, one field per product. Every write goes through
 * one Lua script that also maintains the reverse index product → buyers.
 */
export class BasketRepository implements BasketRepositoryPort {
  constructor(
    private readonly redis: Redis,
    private readonly keys: BasketKeys,
  ) {}

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
    const result = await saveBasketLinesScript.run(
      this.redis,
      [this.keys.basket(buyerId)],
      [
        mode,
        buyerId,
        this.keys.productKeyPrefix,
        BASKET_LIMITS.maxItems,
        BASKET_LIMITS.maxQuantity,
        // cjson turns an empty JSON array into an empty table either way.
        JSON.stringify(lines),
      ],
    );
    if (result === 'OK') return;
    if (result === 'TOO_MANY_ITEMS') throw new BasketTooLargeError();
    if (typeof result === 'string' && result.startsWith('TOO_MANY_UNITS:')) {
      throw new QuantityTooLargeError(result.slice('TOO_MANY_UNITS:'.length));
    }
    throw new Error(`unexpected reply from ${saveBasketLinesScript.name}: ${String(result)}`);
  }
}
