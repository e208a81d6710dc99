import { Injectable, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ORDER_PAYMENT_REFUNDED, type OrderPaymentRefundedIntegrationEvent } from '@eshop/contracts';
import { RecordRefundUseCase } from '../application/record-refund.use-case';
import { logSagaStep } from './saga-step-log';

/** Payment refunded a cancelled order: the order shows the refunded amount. */
@Injectable()
export class OrderPaymentRefundedIntegrationEventHandler {
  private readonly logger = new Logger(ORDER_PAYMENT_REFUNDED);

  constructor(@Inject(RecordRefundUseCase) private readonly recordRefund: RecordRefundUseCase) {}

  @EventPattern(ORDER_PAYMENT_REFUNDED)
  async handle(@Payload() event: OrderPaymentRefundedIntegrationEvent): Promise<void> {
    logSagaStep(this.logger, event, await this.recordRefund.execute(event));
  }
}
