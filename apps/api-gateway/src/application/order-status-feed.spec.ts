import { randomUUID } from 'node:crypto';
import { StreamCapacityReachedError, TooManyBuyerStreamsError } from '../domain/order-events.errors';
import type { OrderStatusChange } from '../domain/order-status-change';
import { OrderStatusFeed, type OrderStatusFeedLimits } from './order-status-feed';

const LIMITS: OrderStatusFeedLimits = { maxStreams: 4, maxStreamsPerBuyer: 2, replayPerBuyer: 3, replayBuyers: 2 };

function change(buyerId: string, orderId = 1): OrderStatusChange {
  return { eventId: randomUUID(), orderId, status: 'paid', buyerId, occurredAt: new Date().toISOString() };
}

/** A stream that records what the feed pushed and whether the feed ended it. */
function recorder() {
  const seen: string[] = [];
  const state = { ended: false };
  return { seen, state, stream: { onChange: (c: OrderStatusChange) => void seen.push(c.eventId), onEnd: () => void (state.ended = true) } };
}

describe('OrderStatusFeed', () => {
  it("pushes a change to every open stream of its buyer and to no one else's", () => {
    const feed = new OrderStatusFeed(LIMITS);
    const [tab1, tab2, other] = [recorder(), recorder(), recorder()];
    feed.subscribe('alice', undefined, tab1.stream);
    feed.subscribe('alice', undefined, tab2.stream);
    feed.subscribe('bob', undefined, other.stream);

    const paid = change('alice');
    feed.publish(paid);
    feed.publish(paid); // the same event delivered twice (at-least-once) is pushed once

    expect(tab1.seen).toEqual([paid.eventId]);
    expect(tab2.seen).toEqual([paid.eventId]);
    expect(other.seen).toEqual([]);
  });

  it('replays what followed Last-Event-ID, and nothing for an id it does not hold (too old or never seen)', () => {
    const feed = new OrderStatusFeed(LIMITS);
    const changes = [change('alice'), change('alice'), change('alice'), change('alice')];
    for (const c of changes) feed.publish(c);
    const ids = changes.map((c) => c.eventId);

    expect(feed.subscribe('alice', ids[1], recorder().stream).missed.map((c) => c.eventId)).toEqual(ids.slice(2));
    // Only the last 3 are kept: the first has dropped out.
    const tooOld = feed.subscribe('alice', ids[0], recorder().stream);
    expect(tooOld.missed).toEqual([]);
    tooOld.close();
    expect(feed.subscribe('alice', randomUUID(), recorder().stream).missed).toEqual([]);
    // Another buyer's id replays nothing of Alice's.
    expect(feed.subscribe('bob', ids[1], recorder().stream).missed).toEqual([]);
  });

  it('keeps the recent changes of a bounded number of buyers, dropping the one whose last change is oldest', () => {
    const feed = new OrderStatusFeed(LIMITS);
    const [a, b, c] = [change('a'), change('b'), change('c')];
    feed.publish(a);
    feed.publish(b);
    feed.publish(change('a')); // a is now the most recent buyer
    feed.publish(c); // b goes

    expect(feed.subscribe('b', b.eventId, recorder().stream).missed).toEqual([]);
    expect(feed.subscribe('a', a.eventId, recorder().stream).missed).toHaveLength(1);
  });

  it('refuses a buyer beyond their streams, and anyone beyond the instance total; a closed stream frees its place', () => {
    const feed = new OrderStatusFeed(LIMITS);
    const first = feed.subscribe('alice', undefined, recorder().stream);
    feed.subscribe('alice', undefined, recorder().stream);
    expect(() => feed.subscribe('alice', undefined, recorder().stream)).toThrow(TooManyBuyerStreamsError);
    first.close();
    first.close(); // idempotent: counted once
    feed.subscribe('alice', undefined, recorder().stream);
    feed.subscribe('bob', undefined, recorder().stream);
    feed.subscribe('carol', undefined, recorder().stream);
    expect(feed.openStreams).toBe(4);
    expect(() => feed.subscribe('dave', undefined, recorder().stream)).toThrow(StreamCapacityReachedError);
  });

  it('on close, ends every open stream and refuses new ones', () => {
    const feed = new OrderStatusFeed(LIMITS);
    const [tab, other] = [recorder(), recorder()];
    feed.subscribe('alice', undefined, tab.stream);
    feed.subscribe('bob', undefined, other.stream);

    feed.close();

    expect([tab.state.ended, other.state.ended]).toEqual([true, true]);
    expect(() => feed.subscribe('alice', undefined, recorder().stream)).toThrow(/shutting down/);
  });
});
