/**
 * Every Redis key basket-api uses, under one configurable prefix (see
 * docs/adr/0004-basket-idempotency-in-redis.md for the layout and the TTLs).
 *
 * The Lua scripts derive product keys from `productKeyPrefix` the same way as
 * `buyersOf`/`productPrice` below: keep both in step.
 */
export class BasketKeys {
  constructor(readonly prefix: string) {}

  /** Hash: productId → JSON line. */
  basket(buyerId: string): string {
    return `${this.prefix}basket:${buyerId}`;
  }

  /** Start of the per-product keys; the Lua scripts append `<productId>:buyers|price`. */
  get productKeyPrefix(): string {
    return `${this.prefix}product:`;
  }

  /** Set: buyers whose basket holds the product (the reverse index). */
  buyersOf(productId: number | string): string {
    return `${this.productKeyPrefix}${productId}:buyers`;
  }

  /** Hash {version, priceCents}: the newest price change applied for the product. */
  productPrice(productId: number | string): string {
    return `${this.productKeyPrefix}${productId}:price`;
  }

  /** String with a TTL: the event was handled by this consumer (value = the outcome). */
  handled(consumer: string, eventId: string): string {
    return `${this.prefix}handled:${consumer}:${eventId}`;
  }

  /** Set with a TTL: the baskets a multi-basket event already updated. */
  handledBaskets(consumer: string, eventId: string): string {
    return `${this.handled(consumer, eventId)}:baskets`;
  }

  /**
   * Hash {state, published, lines, deadline}: one checkout of the buyer (request ids are per
   * buyer) and the units it took out of the basket. `state` is `open` (units reserved,
   * waiting for OrderStarted), `started` (ordered) or `returned` (given back); the last two
   * keep a TTL so that a retry with the same request id gets the same answer.
   */
  checkout(buyerId: string, requestId: string): string {
    return `${this.checkoutPrefix(buyerId)}${requestId}`;
  }

  /** Start of the buyer's checkout keys (complete-checkout appends the request id). */
  checkoutPrefix(buyerId: string): string {
    return `${this.prefix}checkout-reservation:${buyerId}:`;
  }

  /** Sorted set requestId by checkout time: the buyer's open checkouts, oldest first. */
  openCheckouts(buyerId: string): string {
    return `${this.prefix}checkouts-open:${buyerId}`;
  }

  /** Sorted set `<requestId>:<buyerId>` by deadline (ms): what the sweeper gives back when due. */
  get checkoutsDue(): string {
    return `${this.prefix}checkouts-due`;
  }
}
