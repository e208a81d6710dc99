/** A request id is the buyer's own: two buyers may use the same one without meeting. */
export interface ClientRequestKey {
  readonly buyerId: string;
  readonly requestId: string;
}

/** A command keyed by a client's idempotency key. */
export interface ClientRequest extends ClientRequestKey {
  /** `create-order`, `cancel-order`, `ship-order`. */
  readonly command: string;
  readonly orderId: number | null;
}

export type Registration = { readonly kind: 'new' } | { readonly kind: 'seen'; readonly earlier: ClientRequest };

/**
 * The idempotency keys of commands (eShop's `requests` table), inside a unit of work. The
 * key is registered FIRST in the command's transaction: a concurrent duplicate waits for the
 * first transaction to end, then finds the key taken (or free, if the first rolled back).
 */
export interface ClientRequestRepositoryPort {
  register(request: ClientRequest): Promise<Registration>;
  /** The order a `create-order` request made, known only after the insert. */
  attachOrder(key: ClientRequestKey, orderId: number): Promise<void>;
}
