import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { USER_CHECKOUT_ACCEPTED, type UserCheckoutAcceptedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { CreateOrderHandler } from '../application/create-order.handler';

/** The saga starts: a checkout becomes a `submitted` order (once per request id). */
@Injectable()
export class UserCheckoutAcceptedIntegrationEventHandler {
  private readonly logger = new Logger(USER_CHECKOUT_ACCEPTED);

  constructor(@Inject(CreateOrderHandler) private readonly createOrder: CreateOrderHandler) {}

  @EventPattern(USER_CHECKOUT_ACCEPTED)
  async handle(@Payload() event: UserCheckoutAcceptedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    const outcome = await this.createOrder.execute(event, context.delivery.traceparent);
    const fields = { eventId: event.id, requestId: event.requestId, ...outcome };
    if (outcome.kind === 'duplicate-request' && !outcome.sameBuyer) {
      this.logger.warn({ ...fields, msg: 'checkout request id already used by another buyer: no order made' });
    } else {
      this.logger.log({ ...fields, msg: 'checkout handled' });
    }
  }
}
