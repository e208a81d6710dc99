/**
 * Every Redis key basket-api uses, under one configurable prefix (see
 * docs/adr/0004-basket-idempotency-in-redis.md for the layout and the TTLs).
 *
 * Redis Cluster: a key's hash slot is that of its `{tag}`, so every key of one buyer carries
 * `{b:<buyer>}` and every key of one product `{p:<id>}`; each Lua script touches one tag only.
 * The prefix stays outside the braces (it may hold no braces), and the `b:`/`p:` inside keeps
 * the tag from being empty (`{}` would hash the whole key) whatever the buyer id.
 */
export class BasketKeys {
  constructor(readonly prefix: string) {}

  /** Hash: productId → JSON line. */
  basket(buyerId: string): string {
    return `${this.prefix}basket:${buyerTag(buyerId)}`;
  }

  /** Set: buyers whose basket may hold the product (the reverse index, a superset: see reverse-index.ts). */
  buyersOf(productId: number | string): string {
    return `${this.prefix}product:${productTag(productId)}:buyers`;
  }

  /** Hash {version, priceCents}: the newest price change applied for the product. */
  productPrice(productId: number | string): string {
    return `${this.prefix}product:${productTag(productId)}:price`;
  }

  /**
   * String with a TTL: the event was handled by this consumer (value = the outcome). It lives
   * in the slot of what the event changes: the product of a price change, the buyer of an
   * OrderStarted, so that it commits in the same script as the effect.
   */
  handled(consumer: string, eventId: string, owner: { readonly productId: number } | { readonly buyerId: string }): string {
    const tag = 'productId' in owner ? productTag(owner.productId) : buyerTag(owner.buyerId);
    return `${this.prefix}handled:${tag}:${consumer}:${eventId}`;
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
    return `${this.prefix}checkout-reservation:${buyerTag(buyerId)}:`;
  }

  /** Sorted set requestId by checkout time: the buyer's open checkouts, oldest first. */
  openCheckouts(buyerId: string): string {
    return `${this.prefix}checkouts-open:${buyerTag(buyerId)}`;
  }

  /**
   * Sorted set `<requestId>:<buyerId>` by deadline (ms): what the sweeper looks at. A superset
   * of the open checkouts (its own slot): added before a checkout opens, removed by the sweeper
   * once the checkout is no longer open.
   */
  get checkoutsDue(): string {
    return `${this.prefix}checkouts-due`;
  }
}

function buyerTag(buyerId: string): string {
  return `{b:${buyerId}}`;
}

function productTag(productId: number | string): string {
  return `{p:${productId}}`;
}
