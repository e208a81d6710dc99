/** Why a token was refused; `code` is stable, the message is safe to show the client. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(
    readonly code: 'TOKEN_MISSING' | 'TOKEN_MALFORMED' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The provider's keys could not be had (identity-api unreachable and nothing cached yet): a
 * token cannot be checked either way, so the answer is 503, never 401 or 500.
 */
export class IdentityUnavailableError extends Error {
  override readonly name = 'IdentityUnavailableError';
  readonly code = 'IDENTITY_UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(reason: string) {
    super(`cannot verify tokens: the identity provider's keys are unavailable (${reason})`);
  }
}
