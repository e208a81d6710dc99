import type { Pool } from 'pg';
import type { IntegrationEvent } from '@eshop/event-bus';
import type { OutboxState } from './outbox.types';

/** A row the relay claimed and now owns until its lease expires. */
export interface ClaimedEvent {
  readonly eventId: string;
  readonly seq: number;
  readonly name: string;
  readonly event: IntegrationEvent;
  readonly traceparent: string | null;
  /** Including the current one. */
  readonly attempts: number;
}

export interface FailedAttempt {
  readonly eventId: string;
  readonly error: string;
  readonly nextState: Extract<OutboxState, 'not_published' | 'failed'>;
  readonly delayMs: number;
}

interface ClaimedRow {
  event_id: string;
  seq: string;
  event_name: string;
  payload: IntegrationEvent;
  traceparent: string | null;
  attempts: number;
}

/**
 * The relay's SQL, one statement per step. Every time comparison uses the database clock,
 * so relays on machines with skewed clocks still agree on leases and backoff.
 */
export class OutboxStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Claims up to `limit` due rows in `seq` order, for `leaseMs`, in one statement, taking over
   * rows of dead relays claimed at least `orphanGraceMs` ago (see `integration_event_log_claim`
   * in the lease-takeover migration). `owner` must start with `<liveness key>/`.
   */
  async claim(limit: number, leaseMs: number, orphanGraceMs: number, owner: string): Promise<ClaimedEvent[]> {
    const { rows } = await this.pool.query<ClaimedRow>(
      'SELECT * FROM integration_event_log_claim($1, $2, $3, $4)',
      [limit, leaseMs, owner, orphanGraceMs],
    );
    return rows
      .map((row) => ({
        eventId: row.event_id,
        seq: Number(row.seq),
        name: row.event_name,
        event: row.payload,
        traceparent: row.traceparent,
        attempts: row.attempts,
      }))
      .sort((a, b) => a.seq - b.seq);
  }

  /** Marks confirmed rows; a row another relay took over (lease lost) is left to it. */
  async markPublished(eventIds: readonly string[], owner: string): Promise<number> {
    if (eventIds.length === 0) return 0;
    const result = await this.pool.query(
      `UPDATE integration_event_log
       SET state = 'published', published_at = now(), lease_owner = NULL, last_error = NULL
       WHERE event_id = ANY($1::uuid[]) AND state = 'in_progress' AND lease_owner = $2`,
      [eventIds, owner],
    );
    return result.rowCount ?? 0;
  }

  /** Records failures: back to `not_published` after a delay, or `failed` for good. */
  async markFailed(failures: readonly FailedAttempt[], owner: string): Promise<number> {
    if (failures.length === 0) return 0;
    const result = await this.pool.query(
      `UPDATE integration_event_log AS l
       SET state = f.next_state,
           next_attempt_at = now() + f.delay_ms * interval '1 millisecond',
           last_error = f.error,
           lease_owner = NULL
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[])
         AS f(event_id, error, next_state, delay_ms)
       WHERE l.event_id = f.event_id AND l.state = 'in_progress' AND l.lease_owner = $5`,
      [
        failures.map((f) => f.eventId),
        failures.map((f) => f.error),
        failures.map((f) => f.nextState),
        failures.map((f) => f.delayMs),
        owner,
      ],
    );
    return result.rowCount ?? 0;
  }

  /**
   * Hands claimed rows back unpublished (the relay must not publish them): claimable at once,
   * the claim's attempt not counted. A row another relay took over is left to it.
   */
  async release(eventIds: readonly string[], owner: string): Promise<number> {
    const result = await this.pool.query(
      `UPDATE integration_event_log
       SET state = 'not_published', attempts = attempts - 1, next_attempt_at = now(), lease_owner = NULL
       WHERE event_id = ANY($1::uuid[]) AND state = 'in_progress' AND lease_owner = $2`,
      [eventIds, owner],
    );
    return result.rowCount ?? 0;
  }

  /** Deletes one batch of published rows older than `maxAgeMs`; returns how many. */
  async deletePublishedBefore(maxAgeMs: number, batchSize: number): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM integration_event_log WHERE event_id IN (
         SELECT event_id FROM integration_event_log
         WHERE state = 'published' AND published_at < now() - $1 * interval '1 millisecond'
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )`,
      [maxAgeMs, batchSize],
    );
    return result.rowCount ?? 0;
  }
}
