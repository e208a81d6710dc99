import type { Logger } from '@nestjs/common';
import type { SagaStepOutcome } from '../application/advance-order-saga.use-case';

/** One line per handled saga event; an ignored one says why (it is not an error). */
export function logSagaStep(
  logger: Logger,
  event: { readonly id: string; readonly orderId: number },
  outcome: SagaStepOutcome,
): void {
  const fields = { eventId: event.id, orderId: event.orderId, outcome: outcome.kind };
  if (outcome.kind === 'ignored') logger.warn({ ...fields, msg: 'saga event ignored', reason: outcome.reason });
  else logger.log({ ...fields, msg: 'saga event handled' });
}
