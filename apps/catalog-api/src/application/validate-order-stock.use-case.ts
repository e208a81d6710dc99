import { Inject, Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  type OrderStatusChangedToAwaitingValidationIntegrationEvent,
} from '@eshop/contracts';
import { reserveOrderStock, unitsByProduct, type StockVerdict } from '../domain/order-stock';
import type { ReservationState } from '../domain/stock-reservation';
import { CATALOG_UNIT_OF_WORK, type CatalogTransaction, type CatalogUnitOfWork } from './catalog-unit-of-work.port';
import { orderStockVerdict } from './order-stock.integration-event-factory';

export const VALIDATE_ORDER_STOCK_CONSUMER = 'catalog-api:validate-order-stock';

export type StockValidationOutcome =
  | { readonly kind: 'confirmed' | 'rejected'; readonly verdicts: readonly StockVerdict[] }
  /** The order has a record already (validated, or cancelled first): nothing held, no answer. */
  | { readonly kind: 'already-decided'; readonly state: ReservationState }
  | { readonly kind: 'duplicate' };

/**
 * OrderStatusChangedToAwaitingValidation → the order's units are RESERVED, all or nothing,
 * and OrderStockConfirmed answers; or nothing is held and OrderStockRejected says `hasStock`
 * per product. The product rows are locked (ascending id) while the stock is checked and
 * decremented, so concurrent orders cannot both get the last units. Reservation, verdict
 * (outbox) and handled-event record commit together: a redelivery answers nothing twice.
 */
@Injectable()
export class ValidateOrderStockUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  async execute(
    event: OrderStatusChangedToAwaitingValidationIntegrationEvent,
    traceparent?: string,
  ): Promise<StockValidationOutcome> {
    const outcome = await this.unitOfWork.runOnce(
      VALIDATE_ORDER_STOCK_CONSUMER,
      event,
      ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
      (tx) => reserve(tx, event, traceparent),
    );
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}

async function reserve(
  tx: CatalogTransaction,
  event: OrderStatusChangedToAwaitingValidationIntegrationEvent,
  traceparent: string | undefined,
): Promise<StockValidationOutcome> {
  const current = await tx.lockReservation(event.orderId);
  // A Cancelled that came first (recorded), or another validation event for the same order.
  if (current) return { kind: 'already-decided', state: current.state };
  const ids = unitsByProduct(event.orderStockItems).map((line) => line.productId);
  const { confirmed, verdicts, held } = reserveOrderStock(event.orderStockItems, await tx.lockStock(ids));
  await tx.adjustStock(held.map((line) => ({ productId: line.productId, units: -line.units })));
  await tx.insertReservation({ orderId: event.orderId, state: confirmed ? 'reserved' : 'rejected', lines: held });
  await tx.addEvent(orderStockVerdict(event.orderId, verdicts, traceparent));
  return { kind: confirmed ? 'confirmed' : 'rejected', verdicts };
}
