import type { IncomingMessage, ServerResponse } from 'node:http';

/** The pending step of a sign-in the provider handed to our pages. */
export interface InteractionDetails {
  readonly uid: string;
  /** `login`: who are you; `consent`: may this client have what it asked for. */
  readonly prompt: string;
  readonly clientId: string;
  readonly loginHint: string | undefined;
}

/**
 * The OpenID provider's interaction API, as our sign-in pages use it. Every method reads
 * the interaction from the request's own cookie; the finishing ones answer with the
 * redirect back into the protocol themselves.
 */
export interface OidcInteractions {
  /** Throws InteractionNotFoundError when the browser has no (or an expired) interaction. */
  details(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  finishLogin(req: IncomingMessage, res: ServerResponse, accountId: string): Promise<void>;
  /** Every client is first-party (configured, none registers itself): consent is granted. */
  grantConsent(req: IncomingMessage, res: ServerResponse): Promise<void>;
  abort(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export const OIDC_INTERACTIONS = Symbol('OIDC_INTERACTIONS');

export class InteractionNotFoundError extends Error {
  constructor() {
    super('This sign-in has expired or was already used. Go back to the shop and sign in again.');
  }
}
