import type { BasketLine } from '../domain/basket';

/**
 * What checkout step 1 found: `taken` (the basket's units now belong to this checkout),
 * `accepted-earlier` (this request id was accepted before), `in-progress` (another request
 * with this id is publishing), `empty` (nothing to take; the request id stays free).
 */
export type CheckoutTake =
  | { readonly kind: 'taken'; readonly lines: readonly BasketLine[] }
  | { readonly kind: 'accepted-earlier' }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'empty' };

/**
 * OrderStarted: `completed` (its checkout is now ordered), `late` (its checkout had been
 * given back already), `no-checkout` (nothing open to answer), `duplicate` (handled already).
 */
export type CheckoutCompletion = 'completed' | 'late' | 'no-checkout' | 'duplicate';

/**
 * Checkouts as reservations: a checkout moves the basket's units out of the basket into a
 * checkout of (buyer, request id); OrderStarted confirms it; a failed publish or a missing
 * OrderStarted past the deadline gives the units back. Every step is atomic and idempotent.
 */
export interface CheckoutRepositoryPort {
  /** Moves the basket's units into the checkout, which OrderStarted must confirm by `deadlineMs`. */
  take(buyerId: string, requestId: string, nowMs: number, deadlineMs: number): Promise<CheckoutTake>;
  /** The broker confirmed the event: from now on a retry with the id is `accepted-earlier`. */
  markPublished(buyerId: string, requestId: string): Promise<void>;
  /** The publish failed: the units go back to the basket (once) and the request id is free again. */
  giveBack(buyerId: string, requestId: string): Promise<void>;
  /**
   * OrderStarted: the checkout (of `requestId`, or when the event carries none, the buyer's
   * oldest open one) is ordered; the basket is not touched. Once per `consumer` and event.
   */
  complete(consumer: string, eventId: string, buyerId: string, requestId?: string): Promise<CheckoutCompletion>;
  /** Gives back up to `limit` open checkouts whose deadline is past; returns how many. */
  returnExpired(nowMs: number, limit: number): Promise<number>;
}

export const CHECKOUT_REPOSITORY = Symbol('CHECKOUT_REPOSITORY');
