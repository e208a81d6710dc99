/**
 * The grace-period worker's claim, inside a unit of work: the `submitted` orders whose grace
 * period is over, each claimed by one instance only and never again (even after a crash of
 * the claimer that commits nothing, the orders stay due).
 */
export interface ClaimedOrder {
  readonly id: number;
  /** The checkout's trace, stored with the order (null for orders older than that column). */
  readonly traceparent: string | null;
}

export interface GracePeriodRepositoryPort {
  /** At most `limit` expired orders, claimed for this transaction; ids ascending, with the trace each continues. */
  claimExpired(gracePeriodMs: number, limit: number): Promise<ClaimedOrder[]>;
}
