import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_STARTED, type OrderStartedIntegrationEvent } from '@eshop/contracts';
import { CompleteCheckoutUseCase } from '../application/complete-checkout.use-case';

/** Ordering started the buyer's order: its checkout's units are ordered for good. */
@Injectable()
export class OrderStartedIntegrationEventHandler {
  private readonly logger = new Logger('OrderStarted');

  constructor(@Inject(CompleteCheckoutUseCase) private readonly completeCheckout: CompleteCheckoutUseCase) {}

  @EventPattern(ORDER_STARTED)
  async handle(@Payload() event: OrderStartedIntegrationEvent): Promise<void> {
    // The contract does not carry the checkout's request id yet; once it does, the exact
    // checkout is confirmed (until then, the buyer's oldest open one).
    const requestId = 'requestId' in event && typeof event.requestId === 'string' ? event.requestId : undefined;
    const outcome = await this.completeCheckout.execute(event.id, event.userId, requestId);
    const entry = { msg: 'order started handled', eventId: event.id, orderId: event.orderId, outcome };
    // Its units were back in the basket already: the order carries them too.
    if (outcome === 'late') this.logger.warn(entry);
    else this.logger.log(entry);
  }
}
