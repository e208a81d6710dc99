import type { Redis } from 'ioredis';
import type {
  CheckoutCompletion,
  CheckoutRepositoryPort,
  CheckoutReservation,
} from '../application/checkout-repository.port';
import type { BasketLine } from '../domain/basket';
import type { BasketKeys } from './basket-keys';
import { HANDLED_MARKER_TTL_SECONDS } from './handled-marker';
import { completeCheckoutScript } from './scripts/complete-checkout.script';

/** Long enough for any client retry of one checkout; after it a request id may be reused. */
const PUBLISHED_TTL_SECONDS = 24 * 60 * 60;
/** Outlives the publish timeout: a crash mid-publish frees the request id by itself. */
const PENDING_TTL_SECONDS = 60;
/** How long a checkout waits for its OrderStarted before the snapshot is forgotten. */
const SNAPSHOT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Checkout bookkeeping in Redis: request-id reservations and the snapshot of what was ordered. */
export class CheckoutRepository implements CheckoutRepositoryPort {
  constructor(
    private readonly redis: Redis,
    private readonly keys: BasketKeys,
  ) {}

  /** SET NX: of all requests with this id, exactly one gets `reserved`. */
  async reserve(buyerId: string, requestId: string): Promise<CheckoutReservation> {
    const key = this.keys.checkoutRequest(buyerId, requestId);
    for (;;) {
      if (await this.redis.set(key, 'pending', 'EX', PENDING_TTL_SECONDS, 'NX')) return 'reserved';
      const state = await this.redis.get(key);
      if (state === 'pending' || state === 'published') return state;
      // Expired between SET and GET: try again.
    }
  }

  /** Frees the request id after a failed publish, so the client's retry can succeed. */
  async release(buyerId: string, requestId: string): Promise<void> {
    await this.redis.del(this.keys.checkoutRequest(buyerId, requestId));
  }

  /** After the broker confirmed: remember the request id and what the checkout took. */
  async markPublished(buyerId: string, requestId: string, lines: readonly BasketLine[]): Promise<void> {
    const snapshot = this.keys.checkoutSnapshot(buyerId);
    const units = lines.flatMap((line) => [String(line.productId), String(line.quantity)]);
    const results = await this.redis
      .multi()
      .set(this.keys.checkoutRequest(buyerId, requestId), 'published', 'EX', PUBLISHED_TTL_SECONDS)
      .del(snapshot)
      .hset(snapshot, ...units)
      .expire(snapshot, SNAPSHOT_TTL_SECONDS)
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (!results || failure) throw failure ?? new Error('checkout bookkeeping transaction aborted');
  }

  /** OrderStarted: remove the ordered units from the basket, once per event (atomic script). */
  async complete(consumer: string, eventId: string, buyerId: string): Promise<CheckoutCompletion> {
    const result = await completeCheckoutScript.run(
      this.redis,
      [
        this.keys.handled(consumer, eventId),
        this.keys.basket(buyerId),
        this.keys.checkoutSnapshot(buyerId),
      ],
      [buyerId, this.keys.productKeyPrefix, HANDLED_MARKER_TTL_SECONDS],
    );
    if (result === 'completed' || result === 'no-checkout' || result === 'duplicate') return result;
    throw new Error(`unexpected reply from ${completeCheckoutScript.name}: ${String(result)}`);
  }
}
