import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  PRODUCT_PRICE_CHANGED,
  toCents,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { ApplyPriceChangeUseCase } from '../application/apply-price-change.use-case';

/**
 * Catalog changed a price: update every basket holding the product, once per event, never
 * with an older version (see docs/patterns/idempotent-consumer.md). A failure rejects, and
 * the bus retries; the redelivery finishes what was left.
 */
@Injectable()
export class ProductPriceChangedIntegrationEventHandler {
  private readonly logger = new Logger('ProductPriceChanged');

  constructor(@Inject(ApplyPriceChangeUseCase) private readonly applyPriceChange: ApplyPriceChangeUseCase) {}

  @EventPattern(PRODUCT_PRICE_CHANGED)
  async handle(@Payload() event: ProductPriceChangedIntegrationEvent): Promise<void> {
    const result = await this.applyPriceChange.execute({
      eventId: event.id,
      productId: event.productId,
      version: event.version,
      newPriceCents: toCents(event.newPrice),
    });
    this.logger.log({
      msg: 'price change handled',
      eventId: event.id,
      productId: event.productId,
      version: event.version,
      ...result,
    });
  }
}
