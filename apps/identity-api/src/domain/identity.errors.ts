import { DomainError } from '@eshop/domain-errors';

/** Sign-up with an email that has an account already. */
export class EmailAlreadyRegisteredError extends DomainError {
  readonly code = 'EMAIL_ALREADY_REGISTERED';
  readonly kind = 'conflict';
  constructor() {
    super('An account with this email exists already. Sign in instead.');
  }
}

/** Sign-up details that break the rules (email shape, name, password policy). */
export class InvalidAccountDetailsError extends DomainError {
  readonly code = 'INVALID_ACCOUNT_DETAILS';
  readonly kind = 'invalid';
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '));
  }
}

/** A signing-key set from configuration that cannot be used; the message names the problem. */
export class InvalidSigningKeysError extends DomainError {
  readonly code = 'INVALID_SIGNING_KEYS';
  readonly kind = 'invalid';
}
