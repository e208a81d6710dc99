import type { Redis } from 'ioredis';
import type {
  PriceChange,
  PriceChangeRepositoryPort,
  PriceChangeStart,
} from '../application/price-change-repository.port';
import type { BasketKeys } from './basket-keys';
import { HANDLED_MARKER_TTL_SECONDS } from './handled-marker';
import { applyPriceChangeScript } from './scripts/apply-price-change.script';
import { beginPriceChangeScript } from './scripts/begin-price-change.script';

/** The Redis side of the price-change fan-out (see `ApplyPriceChangeUseCase`). */
export class PriceChangeRepository implements PriceChangeRepositoryPort {
  constructor(
    private readonly redis: Redis,
    private readonly keys: BasketKeys,
  ) {}

  async begin(consumer: string, change: PriceChange): Promise<PriceChangeStart> {
    const result = await beginPriceChangeScript.run(
      this.redis,
      [this.keys.handled(consumer, change.eventId), this.keys.productPrice(change.productId)],
      [change.version, change.newPriceCents, HANDLED_MARKER_TTL_SECONDS],
    );
    if (result === 'duplicate' || result === 'stale' || result === 'apply') return result;
    throw new Error(`unexpected reply from ${beginPriceChangeScript.name}: ${String(result)}`);
  }

  /** One SSCAN step over the reverse index: O(baskets holding the product), never a key scan. */
  async buyersHolding(
    productId: number,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; buyers: string[] }> {
    const [next, buyers] = await this.redis.sscan(this.keys.buyersOf(productId), cursor, 'COUNT', count);
    return { cursor: next, buyers };
  }

  async applyToBaskets(consumer: string, change: PriceChange, buyers: readonly string[]): Promise<number> {
    const result = await applyPriceChangeScript.run(
      this.redis,
      [
        this.keys.handledBaskets(consumer, change.eventId),
        ...buyers.map((buyer) => this.keys.basket(buyer)),
      ],
      [change.productId, change.version, change.newPriceCents, HANDLED_MARKER_TTL_SECONDS, ...buyers],
    );
    return Number(result);
  }

  /**
   * The event marker replaces the per-basket markers: from now on every delivery of this
   * event stops at `begin`. (A duplicate already past `begin` on another instance is still
   * exact: the baskets' versions make its remaining batches change nothing.)
   */
  async finish(consumer: string, change: PriceChange): Promise<void> {
    const results = await this.redis
      .multi()
      .set(this.keys.handled(consumer, change.eventId), 'applied', 'EX', HANDLED_MARKER_TTL_SECONDS)
      .del(this.keys.handledBaskets(consumer, change.eventId))
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (!results || failure) throw failure ?? new Error('price change finish transaction aborted');
  }
}
