import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_STARTED, type OrderStartedIntegrationEvent } from '@eshop/contracts';
import { CheckoutRepository } from '../infrastructure/checkout.repository';
import { BASKET_CONSUMER } from './basket.tokens';

/**
 * Ordering accepted the checkout as an order: only now does the checked-out content leave
 * the basket (items added after the checkout stay). Once per event, atomically with its
 * handled marker.
 */
@Injectable()
export class OrderStartedIntegrationEventHandler {
  private readonly logger = new Logger('OrderStarted');

  constructor(
    @Inject(CheckoutRepository) private readonly checkouts: CheckoutRepository,
    @Inject(BASKET_CONSUMER) private readonly consumer: string,
  ) {}

  @EventPattern(ORDER_STARTED)
  async handle(@Payload() event: OrderStartedIntegrationEvent): Promise<void> {
    const outcome = await this.checkouts.complete(this.consumer, event.id, event.userId);
    this.logger.log({ msg: 'order started handled', eventId: event.id, orderId: event.orderId, outcome });
  }
}
