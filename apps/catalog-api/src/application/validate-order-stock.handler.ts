import { Injectable } from '@nestjs/common';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STOCK_CONFIRMED,
  type OrderStatusChangedToAwaitingValidationIntegrationEvent,
} from '@eshop/contracts';
import { OutboxWriter } from '@eshop/outbox';
import { In } from 'typeorm';
import { validateOrderStock, type StockVerdict } from '../domain/order-stock';
import { CatalogItemEntity } from '../infrastructure/catalog-item.entity';
import { IntegrationEventInbox } from '@eshop/outbox';
import { orderStockVerdict } from '../integration-events/order-stock.integration-event';

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
export class ValidateOrderStockHandler {
  constructor(
    private readonly inbox: IntegrationEventInbox,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    event: OrderStatusChangedToAwaitingValidationIntegrationEvent,
    traceparent?: string,
  ): Promise<StockValidationOutcome> {
    const outcome = await this.inbox.handleOnce(
      VALIDATE_ORDER_STOCK_CONSUMER,
      event,
      ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
      async (manager) => {
        const ids = [...new Set(event.orderStockItems.map((item) => item.productId))];
        const items = await manager.find(CatalogItemEntity, {
          where: { id: In(ids) },
          select: { id: true, availableStock: true },
        });
        const verdicts = validateOrderStock(event.orderStockItems, new Map(items.map((i) => [i.id, i.availableStock])));
        const message = orderStockVerdict(event.orderId, verdicts, traceparent);
        await this.outbox.saveEvent(message, manager);
        return { kind: message.name === ORDER_STOCK_CONFIRMED ? 'confirmed' : 'rejected', verdicts } as const;
      },
    );
    return outcome.handled ? outcome.result : { kind: 'duplicate' };
  }
}
