import { Inject, Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  type OrderStatusChangedToCancelledIntegrationEvent,
} from '@eshop/contracts';
import { cancellationStep, type ReservationState } from '../domain/stock-reservation';
import { CATALOG_UNIT_OF_WORK, type CatalogTransaction, type CatalogUnitOfWork } from './catalog-unit-of-work.port';

export const RELEASE_ORDER_STOCK_CONSUMER = 'catalog-api:release-order-stock';

export type ReleaseStockOutcome =
  /** The reserved units went back to `availableStock`. */
  | { readonly kind: 'released'; readonly units: number }
  /** Nothing was held: the cancellation is recorded, so a validation arriving later holds nothing. */
  | { readonly kind: 'recorded' }
  /** Released or cancelled already, or taken (a paid order keeps its units). */
  | { readonly kind: 'ignored'; readonly state: ReservationState }
  | { readonly kind: 'duplicate' };

/**
 * OrderStatusChangedToCancelled → the saga's compensation in catalog: whatever the order
 * holds goes back to the stock (stock rejected, payment failed, buyer cancelled all end
 * here). The release, the order's new state and the handled-event record commit together.
 */
@Injectable()
export class ReleaseOrderStockUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  async execute(event: OrderStatusChangedToCancelledIntegrationEvent): Promise<ReleaseStockOutcome> {
    const outcome = await this.unitOfWork.runOnce(
      RELEASE_ORDER_STOCK_CONSUMER,
      event,
      ORDER_STATUS_CHANGED_TO_CANCELLED,
      (tx) => release(tx, event.orderId),
    );
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}

async function release(tx: CatalogTransaction, orderId: number): Promise<ReleaseStockOutcome> {
  const current = await tx.lockReservation(orderId);
  if (!current) {
    await tx.insertReservation({ orderId, state: 'cancelled', lines: [] });
    return { kind: 'recorded' };
  }
  switch (cancellationStep(current)) {
    case 'record':
      await tx.setReservationState(orderId, 'cancelled');
      return { kind: 'recorded' };
    case 'release':
      await tx.lockStock(current.lines.map((line) => line.productId));
      await tx.adjustStock(current.lines);
      await tx.setReservationState(orderId, 'released');
      return { kind: 'released', units: current.lines.reduce((sum, line) => sum + line.units, 0) };
    case 'ignore':
      return { kind: 'ignored', state: current.state };
  }
}
