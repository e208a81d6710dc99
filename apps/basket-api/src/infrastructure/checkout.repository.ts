import type { Redis } from 'ioredis';
import type {
  CheckoutCompletion,
  CheckoutRepositoryPort,
  CheckoutTake,
} from '../application/checkout-repository.port';
import type { BasketLine } from '../domain/basket';
import type { BasketKeys } from './basket-keys';
import { storedLines } from './basket.repository';
import { HANDLED_MARKER_TTL_SECONDS } from './handled-marker';
import { checkoutBasketScript } from './scripts/checkout-basket.script';
import { completeCheckoutScript } from './scripts/complete-checkout.script';
import { returnCheckoutScript } from './scripts/return-checkout.script';

/** A started or returned checkout is remembered this long: any client retry of it comes sooner. */
const SETTLED_TTL_SECONDS = 24 * 60 * 60;

/** Checkouts as reservations in Redis (see `CheckoutRepositoryPort` and the scripts). */
export class CheckoutRepository implements CheckoutRepositoryPort {
  constructor(
    private readonly redis: Redis,
    private readonly keys: BasketKeys,
  ) {}

  async take(buyerId: string, requestId: string, nowMs: number, deadlineMs: number): Promise<CheckoutTake> {
    const result = await checkoutBasketScript.run(
      this.redis,
      [this.keys.basket(buyerId), this.keys.checkout(buyerId, requestId), this.keys.openCheckouts(buyerId), this.keys.checkoutsDue],
      [buyerId, this.keys.productKeyPrefix, nowMs, deadlineMs, requestId, dueMember(buyerId, requestId)],
    );
    const [kind, json] = Array.isArray(result) ? (result as unknown[]) : [];
    if (kind === 'taken' && typeof json === 'string') return { kind, lines: linesOf(json) };
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
      [this.keys.handled(consumer, eventId), this.keys.openCheckouts(buyerId), this.keys.checkoutsDue],
      [HANDLED_MARKER_TTL_SECONDS, this.keys.checkoutPrefix(buyerId), buyerId, SETTLED_TTL_SECONDS, requestId],
    );
    if (result === 'completed' || result === 'late' || result === 'no-checkout' || result === 'duplicate') return result;
    throw new Error(`unexpected reply from ${completeCheckoutScript.name}: ${String(result)}`);
  }

  /** One ZRANGEBYSCORE, then one atomic script per checkout (each re-checks state and deadline). */
  async returnExpired(nowMs: number, limit: number): Promise<number> {
    const due = await this.redis.zrangebyscore(this.keys.checkoutsDue, '-inf', nowMs, 'LIMIT', 0, limit);
    let returned = 0;
    for (const member of due) {
      const split = member.indexOf(':');
      const outcome = await this.giveBackOne(member.slice(split + 1), member.slice(0, split), 'expired', nowMs);
      if (outcome === 'returned') returned += 1;
    }
    return returned;
  }

  private giveBackOne(buyerId: string, requestId: string, mode: 'failed' | 'expired', nowMs: number) {
    return returnCheckoutScript.run(
      this.redis,
      [this.keys.checkout(buyerId, requestId), this.keys.basket(buyerId), this.keys.openCheckouts(buyerId), this.keys.checkoutsDue],
      [buyerId, this.keys.productKeyPrefix, requestId, dueMember(buyerId, requestId), SETTLED_TTL_SECONDS, mode, nowMs],
    );
  }
}

/** Request ids are uuids (no `:`), so the first `:` separates them from the buyer. */
function dueMember(buyerId: string, requestId: string): string {
  return `${requestId}:${buyerId}`;
}

function linesOf(json: string): BasketLine[] {
  return storedLines(JSON.parse(json) as unknown[]);
}
