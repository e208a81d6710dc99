import type { BasketKeys } from './basket-keys';
import type { RedisClient } from './redis/redis.tokens';
import { applyPriceChangeScript } from './scripts/apply-price-change.script';
import { indexBuyersScript } from './scripts/index-buyers.script';

/** productId → [version, priceCents] of the newest price change applied for it. */
export type AppliedPrices = Record<string, [number, number]>;

/**
 * The reverse index product → buyers, kept in step with baskets that live in other hash
 * slots (Redis Cluster), so never in the same atomic step. Its rule: it may name a buyer
 * whose basket lacks the product (the fan-out skips and drops them), never miss one whose
 * basket holds it.
 *
 * - Before writing a line, the buyer enters the product's index and reads the product's
 *   applied change in the same step (`enter`); the fan-out records its change before it reads
 *   the index. Each step is awaited, so either the writer reads the new version or the
 *   fan-out finds the buyer (the Dekker order; a crash in between leaves an extra entry).
 * - After a write that added a line, the buyer enters again and catches up with any change
 *   applied since (`confirm`): that undoes a removal racing the write.
 * - Removal comes after the write, then the basket is looked at again: a line a concurrent
 *   write put back re-enters and catches up (`leave`, `dropMissing`).
 * Catching up is the fan-out's own script: a line moves only to a higher version.
 */
export class ReverseIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: BasketKeys,
  ) {}

  /** Before a write: the buyer enters each product's index; answers the applied changes. */
  async enter(buyerId: string, productIds: readonly string[]): Promise<AppliedPrices> {
    const applied: AppliedPrices = {};
    await Promise.all(
      productIds.map(async (productId) => {
        const found = await this.indexBuyers(productId, [buyerId]);
        if (found) applied[productId] = found;
      }),
    );
    return applied;
  }

  /** After a write added lines: enters again and applies any change newer than `seen`. */
  async confirm(buyerId: string, productIds: readonly string[], seen: AppliedPrices): Promise<void> {
    await Promise.all(
      productIds.map(async (productId) => {
        const now = await this.indexBuyers(productId, [buyerId]);
        if (now && now[0] > (seen[productId]?.[0] ?? 0)) await this.apply(productId, now, [buyerId]);
      }),
    );
  }

  /** After a write removed lines (or failed): leaves those indexes, re-entering where a line is back. */
  async leave(buyerId: string, productIds: readonly string[]): Promise<void> {
    if (productIds.length === 0) return;
    await Promise.all(productIds.map((productId) => this.redis.srem(this.keys.buyersOf(productId), buyerId)));
    const held = await this.redis.hmget(this.keys.basket(buyerId), ...productIds);
    await this.confirm(buyerId, productIds.filter((_, i) => held[i] !== null), {});
  }

  /** The fan-out found these baskets without the product: they leave its index (same re-check). */
  async dropMissing(productId: number, buyerIds: readonly string[]): Promise<void> {
    if (buyerIds.length === 0) return;
    const field = String(productId);
    await this.redis.srem(this.keys.buyersOf(productId), ...buyerIds);
    const held = await Promise.all(buyerIds.map((buyer) => this.redis.hexists(this.keys.basket(buyer), field)));
    const back = buyerIds.filter((_, i) => held[i] === 1);
    if (back.length === 0) return;
    const now = await this.indexBuyers(field, back);
    if (now) await Promise.all(back.map((buyer) => this.apply(field, now, [buyer])));
  }

  /** Applies a change to baskets (one slot on a cluster); answers {changed, buyers lacking the line}. */
  async apply(productId: string, [version, priceCents]: readonly [number, number], buyerIds: readonly string[]) {
    const reply = (await applyPriceChangeScript.run(
      this.redis,
      buyerIds.map((buyer) => this.keys.basket(buyer)),
      [productId, version, priceCents, ...buyerIds],
    )) as [number, ...string[]];
    const [changed, ...missing] = reply;
    return { changed: Number(changed), missing };
  }

  private async indexBuyers(productId: string, buyerIds: readonly string[]): Promise<[number, number] | undefined> {
    const [version, priceCents] = (await indexBuyersScript.run(
      this.redis,
      [this.keys.buyersOf(productId), this.keys.productPrice(productId)],
      buyerIds,
    )) as [string | null, string | null];
    return version === null || priceCents === null ? undefined : [Number(version), Number(priceCents)];
  }
}
