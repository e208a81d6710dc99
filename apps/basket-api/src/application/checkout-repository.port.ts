import type { BasketLine } from '../domain/basket';

/** `reserved`: this request publishes; `pending`/`published`: an earlier one did or does. */
export type CheckoutReservation = 'reserved' | 'pending' | 'published';
/** `no-checkout`: the buyer had no accepted checkout waiting; `duplicate`: handled already. */
export type CheckoutCompletion = 'completed' | 'no-checkout' | 'duplicate';

/** Checkout bookkeeping: request-id reservations (per buyer) and the snapshot of what was ordered. */
export interface CheckoutRepositoryPort {
  /** Of all requests of this buyer with this id, exactly one gets `reserved`. */
  reserve(buyerId: string, requestId: string): Promise<CheckoutReservation>;
  /** Frees the request id after a failed publish, so the client's retry can succeed. */
  release(buyerId: string, requestId: string): Promise<void>;
  /** After the broker confirmed: remember the request id and what the checkout took. */
  markPublished(buyerId: string, requestId: string, lines: readonly BasketLine[]): Promise<void>;
  /**
   * OrderStarted: remove the ordered units from the basket, atomically with the event's
   * handled marker (once per `consumer` and event).
   */
  complete(consumer: string, eventId: string, buyerId: string): Promise<CheckoutCompletion>;
}

export const CHECKOUT_REPOSITORY = Symbol('CHECKOUT_REPOSITORY');
