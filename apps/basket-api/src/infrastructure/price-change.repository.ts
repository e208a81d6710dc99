import type {
  PriceChange,
  PriceChangeRepositoryPort,
  PriceChangeStart,
} from '../application/price-change-repository.port';
import type { BasketKeys } from './basket-keys';
import { HANDLED_MARKER_TTL_SECONDS } from './handled-marker';
import type { RedisClient } from './redis/redis.tokens';
import { ReverseIndex } from './reverse-index';
import { beginPriceChangeScript } from './scripts/begin-price-change.script';

/**
 * The Redis side of the price-change fan-out (see `ApplyPriceChangeUseCase`). `begin` and
 * `finish` run in the product's slot, each basket batch in its buyers' slot: on one node a
 * batch is one script, on a cluster one script per basket, all sent at once.
 */
export class PriceChangeRepository implements PriceChangeRepositoryPort {
  private readonly index: ReverseIndex;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: BasketKeys,
  ) {
    this.index = new ReverseIndex(redis, keys);
  }

  async begin(consumer: string, change: PriceChange): Promise<PriceChangeStart> {
    const result = await beginPriceChangeScript.run(
      this.redis,
      [this.marker(consumer, change), this.keys.productPrice(change.productId)],
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

  /**
   * No per-event record per basket: a line already at the change's version is left alone, so
   * a redelivery after a crash re-runs the batches it did without changing them again.
   * Baskets found without the line leave the product's index.
   */
  async applyToBaskets(_consumer: string, change: PriceChange, buyers: readonly string[]): Promise<number> {
    if (buyers.length === 0) return 0;
    const groups = this.redis.isCluster ? buyers.map((buyer) => [buyer]) : [buyers];
    const productId = String(change.productId);
    const replies = await Promise.all(
      groups.map((group) => this.index.apply(productId, [change.version, change.newPriceCents], group)),
    );
    await this.index.dropMissing(change.productId, replies.flatMap((reply) => reply.missing));
    return replies.reduce((sum, reply) => sum + reply.changed, 0);
  }

  /** The event marker: from now on every delivery of this event stops at `begin`. */
  async finish(consumer: string, change: PriceChange): Promise<void> {
    await this.redis.set(this.marker(consumer, change), 'applied', 'EX', HANDLED_MARKER_TTL_SECONDS);
  }

  private marker(consumer: string, change: PriceChange): string {
    return this.keys.handled(consumer, change.eventId, { productId: change.productId });
  }
}
