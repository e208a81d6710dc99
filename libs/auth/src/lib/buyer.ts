/** The authenticated caller, taken from a validated token: `sub` is the buyer id. */
export interface Buyer {
  readonly id: string;
  readonly name: string;
  /** From the token's `roles` claim; staff actions need `admin`. */
  readonly roles: readonly string[];
}
