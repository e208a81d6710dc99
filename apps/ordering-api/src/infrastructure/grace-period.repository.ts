import type { EntityManager } from 'typeorm';
import type { ClaimedOrder, GracePeriodRepositoryPort } from '../application/grace-period-repository.port';

/**
 * The grace-period worker's SQL. Orders still `submitted` whose grace period has run out on
 * the DATABASE clock (instances with skewed clocks agree) are claimed with SKIP LOCKED and
 * stamped `grace_period_confirmed_at` in the same statement: several workers take disjoint
 * orders without waiting on each other, and a stamped order is never claimed again.
 */
export class GracePeriodRepository implements GracePeriodRepositoryPort {
  constructor(private readonly manager: EntityManager) {}

  async claimExpired(gracePeriodMs: number, limit: number): Promise<ClaimedOrder[]> {
    const rows: Array<{ id: number; traceparent: string | null }> = await this.manager.query(
      `WITH due AS (
         SELECT id FROM orders
         WHERE status = 'submitted' AND grace_period_confirmed_at IS NULL
           AND order_date <= now() - $1 * interval '1 millisecond'
         ORDER BY order_date
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       ), stamped AS (
         UPDATE orders o SET grace_period_confirmed_at = now()
         FROM due WHERE o.id = due.id
         RETURNING o.id, o.traceparent
       )
       SELECT id, traceparent FROM stamped ORDER BY id`,
      [gracePeriodMs, limit],
    );
    return rows.map((row) => ({ id: row.id, traceparent: row.traceparent }));
  }
}
