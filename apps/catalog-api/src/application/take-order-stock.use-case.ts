import { Inject, Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_PAID,
  type OrderStatusChangedToPaidIntegrationEvent,
} from '@eshop/contracts';
import { unitsByProduct, unreservedTake, type OrderStockItem } from '../domain/order-stock';
import { paymentStep, type ReservationState } from '../domain/stock-reservation';
import { CATALOG_UNIT_OF_WORK, type CatalogTransaction, type CatalogUnitOfWork } from './catalog-unit-of-work.port';

export const TAKE_ORDER_STOCK_CONSUMER = 'catalog-api:take-order-stock';

export type TakeStockOutcome =
  /** The reservation became a sale: the units had left `availableStock` at validation. */
  | { readonly kind: 'converted' }
  /** No reservation (validated before reservations existed): taken from what was left, never below 0. */
  | { readonly kind: 'taken-unreserved'; readonly shortfalls: readonly OrderStockItem[] }
  /** The order's record says there is nothing to convert (taken already, or released/rejected). */
  | { readonly kind: 'ignored'; readonly state: ReservationState }
  | { readonly kind: 'duplicate' };

/**
 * OrderStatusChangedToPaid → the order's reservation is converted: its units leave the stock
 * for good (they are already out of `availableStock`, so the stock does not move). The
 * conversion and the handled-event record commit together; the record's state makes a second
 * Paid event for the same order (another id) change nothing either.
 */
@Injectable()
export class TakeOrderStockUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  async execute(event: OrderStatusChangedToPaidIntegrationEvent): Promise<TakeStockOutcome> {
    const outcome = await this.unitOfWork.runOnce(
      TAKE_ORDER_STOCK_CONSUMER,
      event,
      ORDER_STATUS_CHANGED_TO_PAID,
      (tx) => take(tx, event),
    );
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}

async function take(tx: CatalogTransaction, event: OrderStatusChangedToPaidIntegrationEvent): Promise<TakeStockOutcome> {
  const current = await tx.lockReservation(event.orderId);
  if (current) {
    if (paymentStep(current) === 'ignore') return { kind: 'ignored', state: current.state };
    await tx.setReservationState(event.orderId, 'taken');
    return { kind: 'converted' };
  }
  // Validated before reservations existed (or its record purged): take what is left.
  const ids = unitsByProduct(event.orderStockItems).map((line) => line.productId);
  const { taken, shortfalls } = unreservedTake(event.orderStockItems, await tx.lockStock(ids));
  await tx.adjustStock(taken.map((line) => ({ productId: line.productId, units: -line.units })));
  await tx.insertReservation({ orderId: event.orderId, state: 'taken', lines: taken });
  return { kind: 'taken-unreserved', shortfalls };
}
