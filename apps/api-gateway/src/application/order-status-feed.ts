import { StreamCapacityReachedError, TooManyBuyerStreamsError } from '../domain/order-events.errors';
import type { OrderStatusChange } from '../domain/order-status-change';

export interface OrderStatusFeedLimits {
  /** Open streams on this instance, all buyers together (503 beyond). */
  readonly maxStreams: number;
  /** Open streams of one buyer (429 beyond): tabs and windows. */
  readonly maxStreamsPerBuyer: number;
  /** Recent changes kept per buyer for `Last-Event-ID` resumes. */
  readonly replayPerBuyer: number;
  /** Buyers whose recent changes are kept; the one whose last change is oldest goes first. */
  readonly replayBuyers: number;
}

/** The two ends of one open stream, as the feed drives it. */
export interface OrderStatusStream {
  readonly onChange: (change: OrderStatusChange) => void;
  /** The feed ends the stream (shutdown). */
  readonly onEnd: () => void;
}

export interface OrderStatusSubscription {
  /** What the buyer missed after the `Last-Event-ID` they sent, oldest first; empty when that id is unknown here. */
  readonly missed: readonly OrderStatusChange[];
  /** The stream is gone (client left, or the server ended it). Idempotent. */
  readonly close: () => void;
}

/**
 * Live order status of this gateway instance: each buyer's open streams and their recent
 * changes, in memory. Fed by the broadcast subscription, so every instance sees every
 * change and a buyer connected to any instance gets theirs (docs/patterns/event-bus-topology.md).
 *
 * SIMPLIFICATION: resumes are served from a bounded in-memory buffer. An id it does not hold
 * (too old, or seen by an instance that has since restarted) replays nothing; the storefront
 * re-fetches what it shows whenever its stream (re)opens, so nothing stays stale.
 */
export class OrderStatusFeed {
  private readonly recent = new Map<string, OrderStatusChange[]>();
  private readonly streams = new Map<string, Set<OrderStatusStream>>();
  private open = 0;
  private closed = false;

  constructor(private readonly limits: OrderStatusFeedLimits) {}

  get openStreams(): number {
    return this.open;
  }

  /** A change arrived: kept for resumes and pushed to the buyer's open streams. A duplicate (same event id) is ignored. */
  publish(change: OrderStatusChange): void {
    const buffer = this.recent.get(change.buyerId) ?? [];
    if (buffer.some((kept) => kept.eventId === change.eventId)) return;
    buffer.push(change);
    if (buffer.length > this.limits.replayPerBuyer) buffer.shift();
    // Re-inserted last: the map's first key is the buyer whose last change is the oldest.
    this.recent.delete(change.buyerId);
    this.recent.set(change.buyerId, buffer);
    if (this.recent.size > this.limits.replayBuyers) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    for (const stream of this.streams.get(change.buyerId) ?? []) stream.onChange(change);
  }

  /** Opens a stream for `buyerId`, or refuses it (instance full, buyer at their limit, shutting down). */
  subscribe(buyerId: string, lastEventId: string | undefined, stream: OrderStatusStream): OrderStatusSubscription {
    if (this.closed) throw new StreamCapacityReachedError('this gateway instance is shutting down');
    if (this.open >= this.limits.maxStreams) {
      throw new StreamCapacityReachedError(`this gateway instance serves its maximum of ${this.limits.maxStreams} streams`);
    }
    const own = this.streams.get(buyerId) ?? new Set<OrderStatusStream>();
    if (own.size >= this.limits.maxStreamsPerBuyer) throw new TooManyBuyerStreamsError(this.limits.maxStreamsPerBuyer);
    own.add(stream);
    this.streams.set(buyerId, own);
    this.open += 1;
    let active = true;
    const close = () => {
      if (!active) return;
      active = false;
      this.open -= 1;
      own.delete(stream);
      if (own.size === 0 && this.streams.get(buyerId) === own) this.streams.delete(buyerId);
    };
    return { missed: lastEventId === undefined ? [] : this.missedSince(buyerId, lastEventId), close };
  }

  /** Shutdown: refuses new streams and ends every open one (an open stream would keep the HTTP server from closing). */
  close(): void {
    this.closed = true;
    for (const own of [...this.streams.values()]) {
      for (const stream of [...own]) stream.onEnd();
    }
  }

  private missedSince(buyerId: string, lastEventId: string): OrderStatusChange[] {
    const buffer = this.recent.get(buyerId) ?? [];
    const at = buffer.findIndex((change) => change.eventId === lastEventId);
    return at === -1 ? [] : buffer.slice(at + 1);
  }
}
