import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  PRODUCT_PRICE_CHANGED,
  toCents,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { ServiceMetrics, type Histogram } from '@eshop/observability';
import { withSpan } from '@eshop/tracing';
import { ApplyPriceChangeUseCase, type PriceChangeResult } from '../application/apply-price-change.use-case';

/** Baskets per price change: most products sit in a few baskets, a best seller in thousands. */
const FANOUT_BUCKETS = [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

/**
 * Catalog changed a price: update every basket holding the product, once per event, never
 * with an older version (see docs/patterns/idempotent-consumer.md). A failure rejects, and
 * the bus retries; the redelivery finishes what was left.
 *
 * Observed here, not in the Redis scripts: a `price fan-out` span (its Redis calls are its
 * children) with the baskets touched, and `eshop_basket_price_fanout_baskets`, one sample
 * per change applied (duplicates and stale versions touch nothing and are not counted).
 */
@Injectable()
export class ProductPriceChangedIntegrationEventHandler {
  private readonly logger = new Logger('ProductPriceChanged');
  private readonly fanOut: Histogram;

  constructor(
    @Inject(ApplyPriceChangeUseCase) private readonly applyPriceChange: ApplyPriceChangeUseCase,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.fanOut = metrics.histogram(
      'eshop_basket_price_fanout_baskets',
      'Baskets one applied price change updated (the reverse index fan-out).',
      FANOUT_BUCKETS,
    );
  }

  @EventPattern(PRODUCT_PRICE_CHANGED)
  async handle(@Payload() event: ProductPriceChangedIntegrationEvent): Promise<void> {
    const attributes = { 'eshop.product.id': event.productId, 'eshop.product.version': event.version };
    const result = await withSpan('price fan-out', attributes, async (span) => {
      const applied: PriceChangeResult = await this.applyPriceChange.execute({
        eventId: event.id,
        productId: event.productId,
        version: event.version,
        newPriceCents: toCents(event.newPrice),
      });
      span.setAttributes({ 'eshop.basket.fanout_baskets': applied.basketsChanged, 'eshop.price_change.outcome': applied.outcome });
      return applied;
    });
    if (result.outcome === 'applied') this.fanOut.observe(result.basketsChanged);
    this.logger.log({
      msg: 'price change handled',
      eventId: event.id,
      productId: event.productId,
      version: event.version,
      ...result,
    });
  }
}
