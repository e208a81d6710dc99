import { Injectable, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { GRACE_PERIOD_CONFIRMED, type GracePeriodConfirmedIntegrationEvent } from '@eshop/contracts';
import { RabbitMqContext } from '@eshop/event-bus-rabbitmq';
import { AdvanceOrderSagaUseCase } from '../application/advance-order-saga.use-case';
import { logSagaStep } from './saga-step-log';

/** Ordering's own event (from the grace-period worker): submitted → awaitingvalidation. */
@Injectable()
export class GracePeriodConfirmedIntegrationEventHandler {
  private readonly logger = new Logger(GRACE_PERIOD_CONFIRMED);

  constructor(@Inject(AdvanceOrderSagaUseCase) private readonly saga: AdvanceOrderSagaUseCase) {}

  @EventPattern(GRACE_PERIOD_CONFIRMED)
  async handle(@Payload() event: GracePeriodConfirmedIntegrationEvent, @Ctx() context: RabbitMqContext): Promise<void> {
    logSagaStep(this.logger, event, await this.saga.execute(GRACE_PERIOD_CONFIRMED, event, context.delivery.traceparent));
  }
}
