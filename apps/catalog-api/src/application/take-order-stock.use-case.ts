import { Inject, Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_PAID,
  type OrderStatusChangedToPaidIntegrationEvent,
} from '@eshop/contracts';
import { removeStock, unitsByProduct } from '../domain/order-stock';
import { CATALOG_UNIT_OF_WORK, type CatalogTransaction, type CatalogUnitOfWork } from './catalog-unit-of-work.port';

export const TAKE_ORDER_STOCK_CONSUMER = 'catalog-api:take-order-stock';

export interface StockShortfall {
  readonly productId: number;
  readonly units: number;
}

export type TakeStockOutcome =
  | { readonly kind: 'taken'; readonly shortfalls: readonly StockShortfall[] }
  | { readonly kind: 'duplicate' };

/**
 * OrderStatusChangedToPaid → the order's units leave the stock, exactly once per order: the
 * decrements and the handled-event record commit together, so a redelivery (relay crash,
 * broker redelivery, a copy on another instance) finds the record and changes nothing.
 * Rows are locked in product-id order, so concurrent orders cannot deadlock. Each change
 * moves the item's `version` on, so an edit made from an older read gets a 409 instead of
 * writing the old stock back.
 */
@Injectable()
export class TakeOrderStockUseCase {
  constructor(@Inject(CATALOG_UNIT_OF_WORK) private readonly unitOfWork: CatalogUnitOfWork) {}

  async execute(event: OrderStatusChangedToPaidIntegrationEvent): Promise<TakeStockOutcome> {
    const outcome = await this.unitOfWork.runOnce(
      TAKE_ORDER_STOCK_CONSUMER,
      event,
      ORDER_STATUS_CHANGED_TO_PAID,
      async (tx) => ({ kind: 'taken', shortfalls: await takeUnits(tx, event) }) as const,
    );
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}

async function takeUnits(
  tx: CatalogTransaction,
  event: OrderStatusChangedToPaidIntegrationEvent,
): Promise<StockShortfall[]> {
  const shortfalls: StockShortfall[] = [];
  for (const { productId, units } of unitsByProduct(event.orderStockItems)) {
    const item = await tx.lockItem(productId);
    if (!item) {
      shortfalls.push({ productId, units }); // deleted since validation: nothing to take
      continue;
    }
    const removal = removeStock(item.availableStock, units);
    if (removal.shortfall > 0) shortfalls.push({ productId, units: removal.shortfall });
    await tx.saveItem({ ...item, availableStock: removal.availableStock, version: item.version + 1 });
  }
  return shortfalls;
}
