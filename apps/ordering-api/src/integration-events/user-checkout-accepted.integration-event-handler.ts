import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { USER_CHECKOUT_ACCEPTED, type UserCheckoutAcceptedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { CreateOrderUseCase } from '../application/create-order.use-case';

/** The saga starts: a checkout becomes a `submitted` order (once per buyer and request id). */
@Injectable()
export class UserCheckoutAcceptedIntegrationEventHandler {
  private readonly logger = new Logger(USER_CHECKOUT_ACCEPTED);

  constructor(@Inject(CreateOrderUseCase) private readonly createOrder: CreateOrderUseCase) {}

  @EventPattern(USER_CHECKOUT_ACCEPTED)
  async handle(@Payload() event: UserCheckoutAcceptedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    const outcome = await this.createOrder.execute(event, context.delivery.traceparent);
    this.logger.log({ eventId: event.id, requestId: event.requestId, ...outcome, msg: 'checkout handled' });
  }
}
