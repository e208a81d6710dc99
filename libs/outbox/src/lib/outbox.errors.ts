/** `saveEvent` was called outside a transaction: the event would not share the business write's fate. */
export class OutboxNotInTransactionError extends Error {
  override readonly name = 'OutboxNotInTransactionError';
  readonly code = 'OUTBOX_NOT_IN_TRANSACTION';
  constructor() {
    super('saveEvent needs the EntityManager of an open transaction (dataSource.transaction(…))');
  }
}
