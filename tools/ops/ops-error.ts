/**
 * A failure the operator can act on (no such queue, no such id, an unconfirmed publish):
 * printed as one line, exit code 1. Anything else is unexpected and printed the same way.
 */
export class OpsError extends Error {
  override readonly name = 'OpsError';
}
