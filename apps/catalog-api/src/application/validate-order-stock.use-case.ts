import { Inject, Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STOCK_CONFIRMED,
  type OrderStatusChangedToAwaitingValidationIntegrationEvent,
} from '@eshop/contracts';
import { validateOrderStock, type StockVerdict } from '../domain/order-stock';
import { CATALOG_UNIT_OF_WORK, type CatalogUnitOfWork } from './catalog-unit-of-work.port';
import { orderStockVerdict } from './order-stock.integration-event-factory';

export const VALIDATE_ORDER_STOCK_CONSUMER = 'catalog-api:validate-order-stock';

export type StockValidationOutcome =
  | { readonly kind: 'confirmed' | 'rejected'; readonly verdicts: readonly StockVerdict[] }
  | { readonly kind: 'duplicate' };

/**
 * OrderStatusChangedToAwaitingValidation → OrderStockConfirmed, or OrderStockRejected with
 * `hasStock` per product. The verdict goes to catalog's outbox in the same transaction as
 * the handled-event record: a redelivery answers nothing twice.
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
      async (tx) => {
        const ids = [...new Set(event.orderStockItems.map((item) => item.productId))];
        const verdicts = validateOrderStock(event.orderStockItems, await tx.availableStock(ids));
        const message = orderStockVerdict(event.orderId, verdicts, traceparent);
        await tx.addEvent(message);
        return { kind: message.name === ORDER_STOCK_CONFIRMED ? 'confirmed' : 'rejected', verdicts } as const;
      },
    );
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
