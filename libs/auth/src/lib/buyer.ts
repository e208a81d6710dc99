/** The authenticated caller, taken from a validated token: `sub` is the buyer id. */
export interface Buyer {
  readonly id: string;
  readonly name: string;
}
