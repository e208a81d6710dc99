import { Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_PAID,
  type OrderStatusChangedToPaidIntegrationEvent,
} from '@eshop/contracts';
import { removeStock, unitsByProduct } from '../domain/order-stock';
import { CatalogItemEntity } from '../infrastructure/catalog-item.entity';
import { IntegrationEventInbox } from '@eshop/outbox';

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
export class TakeOrderStockHandler {
  constructor(private readonly inbox: IntegrationEventInbox) {}

  async execute(event: OrderStatusChangedToPaidIntegrationEvent): Promise<TakeStockOutcome> {
    const outcome = await this.inbox.handleOnce(TAKE_ORDER_STOCK_CONSUMER, event, ORDER_STATUS_CHANGED_TO_PAID, async (manager) => {
      const shortfalls: StockShortfall[] = [];
      for (const { productId, units } of unitsByProduct(event.orderStockItems)) {
        const item = await manager.findOne(CatalogItemEntity, {
          where: { id: productId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!item) {
          shortfalls.push({ productId, units }); // deleted since validation: nothing to take
          continue;
        }
        const removal = removeStock(item.availableStock, units);
        if (removal.shortfall > 0) shortfalls.push({ productId, units: removal.shortfall });
        await manager.update(
          CatalogItemEntity,
          { id: productId },
          { availableStock: removal.availableStock, version: item.version + 1 },
        );
      }
      return { kind: 'taken', shortfalls } as const;
    });
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
