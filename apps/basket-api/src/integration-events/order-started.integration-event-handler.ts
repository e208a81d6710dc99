import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_STARTED, type OrderStartedIntegrationEvent } from '@eshop/contracts';
import { CompleteCheckoutUseCase } from '../application/complete-checkout.use-case';

/** Ordering started the buyer's order: take what was checked out out of the basket. */
@Injectable()
export class OrderStartedIntegrationEventHandler {
  private readonly logger = new Logger('OrderStarted');

  constructor(@Inject(CompleteCheckoutUseCase) private readonly completeCheckout: CompleteCheckoutUseCase) {}

  @EventPattern(ORDER_STARTED)
  async handle(@Payload() event: OrderStartedIntegrationEvent): Promise<void> {
    const outcome = await this.completeCheckout.execute(event.id, event.userId);
    this.logger.log({ msg: 'order started handled', eventId: event.id, orderId: event.orderId, outcome });
  }
}
