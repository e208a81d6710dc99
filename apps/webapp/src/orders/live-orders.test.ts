// @vitest-environment node
// (Pure logic: no DOM needed, and jsdom costs seconds per file.)
import { describe, expect, it } from 'vitest';
import type { OrderSummary } from '../api/types';
import { liveOrdersReducer } from './live-orders';
import { laterStatus } from './order-status';
import { parseOrderStatusEvent } from './order-status-event';

const order = (orderNumber: number, status: OrderSummary['status']): OrderSummary => ({
  orderNumber,
  status,
  date: '2026-01-01T00:00:00.000Z',
  total: 10,
});

describe('order status events', () => {
  it('parses the gateway message data', () => {
    const data = JSON.stringify({ orderId: 7, status: 'paid', buyerId: 'alice-id', occurredAt: '2026-01-01T00:00:00Z' });
    expect(parseOrderStatusEvent(data)).toEqual({ orderId: 7, status: 'paid' });
  });

  it('ignores what is not a status change', () => {
    for (const data of ['', 'not json', 'null', '{"orderId":"7","status":"paid"}', '{"orderId":7,"status":"lost"}', '{"orderId":0,"status":"paid"}', 42]) {
      expect(parseOrderStatusEvent(data)).toBeNull();
    }
  });

  it('never moves an order back in the saga; cancelled is final', () => {
    expect(laterStatus('awaitingvalidation', 'paid')).toBe('paid');
    expect(laterStatus('paid', 'stockconfirmed')).toBe('paid');
    expect(laterStatus('paid', 'cancelled')).toBe('cancelled');
    expect(laterStatus('cancelled', 'paid')).toBe('cancelled');
  });
});

describe('liveOrdersReducer', () => {
  it('moves the named order on at once', () => {
    const state = [order(2, 'awaitingvalidation'), order(1, 'shipped')];
    const next = liveOrdersReducer(state, { type: 'status', event: { orderId: 2, status: 'paid' } });
    expect(next).toEqual([order(2, 'paid'), order(1, 'shipped')]);
  });

  it('keeps the state for an unknown order, a stale event, or before the first load', () => {
    const state = [order(2, 'paid')];
    expect(liveOrdersReducer(state, { type: 'status', event: { orderId: 3, status: 'paid' } })).toBe(state);
    expect(liveOrdersReducer(state, { type: 'status', event: { orderId: 2, status: 'stockconfirmed' } })).toBe(state);
    expect(liveOrdersReducer(null, { type: 'status', event: { orderId: 2, status: 'paid' } })).toBeNull();
  });

  it('takes a fetched list but not a status older than the one shown', () => {
    const shown = [order(2, 'paid')];
    const fetchedBeforeTheEvent = [order(3, 'submitted'), order(2, 'stockconfirmed')];
    expect(liveOrdersReducer(shown, { type: 'loaded', orders: fetchedBeforeTheEvent })).toEqual([order(3, 'submitted'), order(2, 'paid')]);
    expect(liveOrdersReducer(shown, { type: 'loaded', orders: [order(2, 'shipped')] })).toEqual([order(2, 'shipped')]);
  });
});
