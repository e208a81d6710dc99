import { DomainError } from '@eshop/domain-errors';

/**
 * The callback does not belong to a sign-in this browser started: no pending sign-in (cookie
 * missing or expired), or a `state`/`iss` that differs from the one sent. A 400.
 */
export class SignInStateError extends DomainError {
  override readonly name = 'SignInStateError';
  readonly code = 'SIGN_IN_STATE_INVALID';
  readonly kind = 'invalid';
  constructor(detail: string) {
    super(`sign-in could not be finished: ${detail}; start again at /auth/login`);
  }
}

/** identity-api refused the sign-in, or its answer did not verify (id token, nonce). A 400. */
export class SignInFailedError extends DomainError {
  override readonly name = 'SignInFailedError';
  readonly code = 'SIGN_IN_FAILED';
  readonly kind = 'invalid';
  constructor(detail: string) {
    super(`sign-in failed: ${detail}`);
  }
}

/** identity-api cannot be reached or answered with a server error. A 503. */
export class IdentityProviderUnavailableError extends DomainError {
  override readonly name = 'IdentityProviderUnavailableError';
  readonly code = 'IDENTITY_UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(detail: string) {
    super(`identity-api is unavailable: ${detail}`);
  }
}

/**
 * No session behind the cookie, or it ended (its refresh token was refused). The edge
 * answers 401 and clears the cookie: the browser signs in again.
 */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
  readonly code = 'SESSION_EXPIRED';
  constructor(detail = 'no signed-in session') {
    super(`${detail}; sign in again at /auth/login`);
  }
}

/** A state-changing request on a session came without its CSRF token (x-csrf-token). A 403. */
export class CsrfTokenMismatchError extends Error {
  override readonly name = 'CsrfTokenMismatchError';
  readonly code = 'CSRF_TOKEN_MISMATCH';
  constructor() {
    super('missing or wrong x-csrf-token header (GET /auth/me returns the token of this session)');
  }
}

/** Redis, where sessions live, does not answer. A 503: the browser keeps its cookie and retries. */
export class SessionStoreUnavailableError extends DomainError {
  override readonly name = 'SessionStoreUnavailableError';
  readonly code = 'SESSION_STORE_UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(detail: string) {
    super(`the session store is unavailable: ${detail}`);
  }
}
