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
