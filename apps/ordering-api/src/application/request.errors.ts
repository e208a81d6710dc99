import { DomainError } from '@eshop/domain-errors';

/** An `x-requestid` the buyer already used for a different command or order. */
export class RequestIdReusedError extends DomainError {
  override readonly name = 'RequestIdReusedError';
  readonly code = 'REQUEST_ID_REUSED';
  readonly kind = 'conflict';
  constructor(requestId: string) {
    super(`x-requestid: ${requestId} was already used for another request; send a new uuid`);
  }
}

/** A draft body that names a buyer other than the caller. */
export class BuyerMismatchError extends DomainError {
  override readonly name = 'BuyerMismatchError';
  readonly code = 'BUYER_MISMATCH';
  readonly kind = 'invalid';
  constructor() {
    super('buyerId: must be the caller (or left out)');
  }
}
