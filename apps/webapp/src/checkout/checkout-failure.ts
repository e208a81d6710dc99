import { ApiError } from '../api/api-error';
import { FIELD_OF_SERVER_NAME, type CheckoutErrors } from './checkout-rules';

export interface CheckoutFailure {
  /** The server's 400, at the fields it names. */
  readonly atFields: CheckoutErrors;
  /** One sentence for the form's alert. */
  readonly message: string;
  /** A retry may reuse the request id only when the order may have been taken (no answer, 5xx). */
  readonly newRequestId: boolean;
}

/** What a failed `POST /api/basket/checkout` means for the form (a 401 is handled before: sign in). */
export function describeCheckoutFailure(error: unknown): CheckoutFailure {
  if (!(error instanceof ApiError)) {
    return { atFields: {}, message: 'The order could not be placed: unexpected error. Try again.', newRequestId: false };
  }
  const atFields: CheckoutErrors = {};
  for (const [name, problem] of Object.entries(error.fieldErrors)) {
    const field = FIELD_OF_SERVER_NAME[name];
    if (field) atFields[field] = problem;
  }
  const refused = error.status >= 400 && error.status < 500;
  const circuit = error.circuitOpen ? ' (the gateway stopped calling a failing service for a few seconds)' : '';
  const message =
    Object.keys(atFields).length > 0
      ? 'Please correct the marked fields.'
      : refused
        ? `The order was not placed: ${error.message}`
        : `The order could not be placed right now. Try again in a moment.${circuit}`;
  return { atFields, message, newRequestId: refused };
}
