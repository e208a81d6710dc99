import type { OrderStockItem } from './order-stock';

/**
 * Where an order's stock stands in catalog (one record per order):
 * - `reserved`  validation held every unit: they are out of `availableStock`, not yet sold;
 * - `rejected`  validation could not hold every unit: nothing held (all or nothing);
 * - `released`  cancelled after `reserved`: the units went back to `availableStock`;
 * - `cancelled` cancelled while nothing was held (before validation or after a rejection):
 *               the record stays so that a late validation holds nothing;
 * - `taken`     paid: the held units left the stock for good.
 * A validation acts only on an order without a record: any record means it was decided.
 */
export type ReservationState = 'reserved' | 'rejected' | 'released' | 'cancelled' | 'taken';

export interface StockReservation {
  readonly orderId: number;
  readonly state: ReservationState;
  /** The units held (or taken) per product, ascending product id; empty when nothing was held. */
  readonly lines: readonly OrderStockItem[];
}

/** What a cancellation does to an order with a record (none yet: record the cancellation). */
export function cancellationStep(current: StockReservation): 'release' | 'record' | 'ignore' {
  if (current.state === 'reserved') return 'release';
  if (current.state === 'rejected') return 'record';
  return 'ignore'; // released / cancelled: done already; taken: a paid order keeps its units
}

/**
 * What a payment does to an order with a record: convert the reservation, or nothing (taken
 * already; released/rejected/cancelled orders are not paid). No record: see unreservedTake.
 */
export function paymentStep(current: StockReservation): 'convert' | 'ignore' {
  return current.state === 'reserved' ? 'convert' : 'ignore';
}
