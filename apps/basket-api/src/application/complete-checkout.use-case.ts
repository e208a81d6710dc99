import type { CheckoutCompletion, CheckoutRepositoryPort } from './checkout-repository.port';

export interface CompleteCheckoutOptions {
  /** Whose handled-markers these are: the service queue name. */
  readonly consumer: string;
}

/**
 * Ordering accepted a checkout as an order: the checkout's units (already out of the basket
 * since the checkout) are ordered for good and will not come back. The basket is not
 * touched: units added since are the buyer's. Once per event, atomically with its marker.
 */
export class CompleteCheckoutUseCase {
  constructor(
    private readonly checkouts: CheckoutRepositoryPort,
    private readonly options: CompleteCheckoutOptions,
  ) {}

  /** `requestId`: the checkout's, when the event carries it (else the buyer's oldest open one). */
  execute(eventId: string, buyerId: string, requestId?: string): Promise<CheckoutCompletion> {
    return this.checkouts.complete(this.options.consumer, eventId, buyerId, requestId);
  }
}
