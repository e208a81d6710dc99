import { DomainError } from '@eshop/domain-errors';

/** The buyer has as many live order-status streams open as one buyer may (a 429 at the edge). */
export class TooManyBuyerStreamsError extends DomainError {
  override readonly name = 'TooManyBuyerStreamsError';
  readonly code = 'ORDER_EVENTS_BUYER_LIMIT';
  // Mapped to 429 by the controller: `kind` has no "too many"; this is the closest for other edges.
  readonly kind = 'conflict';
  constructor(readonly limit: number) {
    super(`too many open order status streams for this buyer (at most ${limit}); close another tab or window`);
  }
}

/** This gateway instance serves as many streams as it may, or is shutting down (503: try again, maybe elsewhere). */
export class StreamCapacityReachedError extends DomainError {
  override readonly name = 'StreamCapacityReachedError';
  readonly code = 'ORDER_EVENTS_CAPACITY';
  readonly kind = 'unavailable';
  constructor(reason: string) {
    super(`order status streams unavailable: ${reason}; try again shortly`);
  }
}
