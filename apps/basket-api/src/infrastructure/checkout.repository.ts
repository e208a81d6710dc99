import type {
  CheckoutCompletion,
  CheckoutRepositoryPort,
  CheckoutTake,
} from '../application/checkout-repository.port';
import type { BasketLine } from '../domain/basket';
import type { BasketKeys } from './basket-keys';
import { idsOf, storedLines } from './basket.repository';
import { HANDLED_MARKER_TTL_SECONDS } from './handled-marker';
import type { RedisClient } from './redis/redis.tokens';
import { ReverseIndex } from './reverse-index';
import { checkoutBasketScript } from './scripts/checkout-basket.script';
import { completeCheckoutScript } from './scripts/complete-checkout.script';
import { dropDueCheckoutScript } from './scripts/drop-due-checkout.script';
import { returnCheckoutScript } from './scripts/return-checkout.script';

/** A started or returned checkout is remembered this long: any client retry of it comes sooner. */
const SETTLED_TTL_SECONDS = 24 * 60 * 60;

/**
 * Checkouts as reservations in Redis (see `CheckoutRepositoryPort` and the scripts). Each
 * script runs in the buyer's slot; the due set (its own slot) is a superset of the open
 * checkouts: entered before a checkout opens, left when the sweeper finds it settled.
 */
export class CheckoutRepository implements CheckoutRepositoryPort {
  private readonly index: ReverseIndex;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: BasketKeys,
  ) {
    this.index = new ReverseIndex(redis, keys);
  }

  async take(buyerId: string, requestId: string, nowMs: number, deadlineMs: number): Promise<CheckoutTake> {
    // GT: a retake's later deadline raises the entry, an earlier one never lowers it.
    await this.redis.zadd(this.keys.checkoutsDue, 'GT', deadlineMs, dueMember(buyerId, requestId));
    const result = await checkoutBasketScript.run(
      this.redis,
      [this.keys.basket(buyerId), this.keys.checkout(buyerId, requestId), this.keys.openCheckouts(buyerId)],
      [nowMs, deadlineMs, requestId],
    );
    const [kind, json] = Array.isArray(result) ? (result as unknown[]) : [];
    if (kind === 'taken' && typeof json === 'string') {
      const lines = linesOf(json);
      await this.index.leave(buyerId, lines.map((line) => String(line.productId)));
      return { kind, lines };
    }
    if (kind === 'accepted-earlier' || kind === 'in-progress' || kind === 'empty') return { kind };
    throw new Error(`unexpected reply from ${checkoutBasketScript.name}: ${String(result)}`);
  }

  async markPublished(buyerId: string, requestId: string): Promise<void> {
    await this.redis.hset(this.keys.checkout(buyerId, requestId), 'published', '1');
  }

  async giveBack(buyerId: string, requestId: string): Promise<void> {
    await this.giveBackOne(buyerId, requestId, 'failed', 0);
  }

  async complete(consumer: string, eventId: string, buyerId: string, requestId = ''): Promise<CheckoutCompletion> {
    const result = await completeCheckoutScript.run(
      this.redis,
      [this.keys.handled(consumer, eventId, { buyerId }), this.keys.openCheckouts(buyerId)],
      [HANDLED_MARKER_TTL_SECONDS, this.keys.checkoutPrefix(buyerId), SETTLED_TTL_SECONDS, requestId],
    );
    if (result === 'completed' || result === 'late' || result === 'no-checkout' || result === 'duplicate') return result;
    throw new Error(`unexpected reply from ${completeCheckoutScript.name}: ${String(result)}`);
  }

  /**
   * One ZRANGEBYSCORE, then one atomic script per checkout (each re-checks state and
   * deadline); a checkout found settled leaves the due set.
   */
  async returnExpired(nowMs: number, limit: number): Promise<number> {
    const due = await this.redis.zrangebyscore(this.keys.checkoutsDue, '-inf', nowMs, 'WITHSCORES', 'LIMIT', 0, limit);
    let returned = 0;
    for (let i = 0; i < due.length; i += 2) {
      const member = due[i] ?? '';
      const split = member.indexOf(':');
      const outcome = await this.giveBackOne(member.slice(split + 1), member.slice(0, split), 'expired', nowMs);
      if (outcome === 'returned') returned += 1;
      if (outcome === 'returned' || outcome === 'not-open') {
        await dropDueCheckoutScript.run(this.redis, [this.keys.checkoutsDue], [member, due[i + 1] ?? '']);
      }
    }
    return returned;
  }

  /**
   * The buyer enters the indexes of the checkout's products before its units come back, and
   * leaves those it did not get back a line of (see `ReverseIndex`).
   */
  private async giveBackOne(buyerId: string, requestId: string, mode: 'failed' | 'expired', nowMs: number) {
    const checkoutKey = this.keys.checkout(buyerId, requestId);
    const taken = await this.redis.hget(checkoutKey, 'lines');
    const productIds = taken ? linesOf(taken).map((line) => String(line.productId)) : [];
    const applied = await this.index.enter(buyerId, productIds);
    const result = await returnCheckoutScript.run(
      this.redis,
      [checkoutKey, this.keys.basket(buyerId), this.keys.openCheckouts(buyerId)],
      [JSON.stringify(applied), requestId, SETTLED_TTL_SECONDS, mode, nowMs],
    );
    if (Array.isArray(result) && result[0] === 'returned') {
      await this.index.confirm(buyerId, idsOf(String(result[1])), applied);
      return 'returned';
    }
    await this.index.leave(buyerId, productIds);
    return String(result);
  }
}

/** Request ids are uuids (no `:`), so the first `:` separates them from the buyer. */
function dueMember(buyerId: string, requestId: string): string {
  return `${requestId}:${buyerId}`;
}

function linesOf(json: string): BasketLine[] {
  return storedLines(JSON.parse(json) as unknown[]);
}
