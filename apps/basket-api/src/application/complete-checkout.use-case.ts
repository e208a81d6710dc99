import type { CheckoutCompletion, CheckoutRepositoryPort } from './checkout-repository.port';

export interface CompleteCheckoutOptions {
  /** Whose handled-markers these are: the service queue name. */
  readonly consumer: string;
}

/**
 * Ordering accepted the checkout as an order: only now does the checked-out content leave
 * the basket (items added after the checkout stay). Once per event, atomically with its
 * handled marker.
 */
export class CompleteCheckoutUseCase {
  constructor(
    private readonly checkouts: CheckoutRepositoryPort,
    private readonly options: CompleteCheckoutOptions,
  ) {}

  execute(eventId: string, buyerId: string): Promise<CheckoutCompletion> {
    return this.checkouts.complete(this.options.consumer, eventId, buyerId);
  }
}
