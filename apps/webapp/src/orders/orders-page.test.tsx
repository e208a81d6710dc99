import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderSummary } from '../api/types';
import { navigate } from '../app/router';
import { FakeEventSource } from '../test/fake-event-source';
import { fakeApi, renderWith } from '../test/render';
import { OrderPage } from './order-page';
import { OrdersPage } from './orders-page';

const summary = (orderNumber: number, status: OrderSummary['status']): OrderSummary => ({
  orderNumber,
  status,
  date: '2026-01-01T10:00:00.000Z',
  total: 25.5,
});

beforeEach(() => {
  FakeEventSource.instances.length = 0;
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('OrdersPage', () => {
  it('lists orders with a link and the status, and follows live status changes', async () => {
    let server: OrderSummary[] = [summary(7, 'awaitingvalidation')];
    const orders = vi.fn(() => Promise.resolve(server));
    renderWith(<OrdersPage />, fakeApi({ orders }));
    const row = (await screen.findByRole('link', { name: 'Order 7' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('awaitingvalidation')).toBeTruthy();
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/orders/events');

    // The event moves the row at once, whatever the re-fetch it triggers says.
    server = [summary(7, 'stockconfirmed')];
    act(() => source.send({ orderId: 7, status: 'paid', buyerId: 'alice-id', occurredAt: '2026-01-01T10:00:01Z' }));
    expect(within(row).getByText('paid')).toBeTruthy();
    await waitFor(() => expect(orders).toHaveBeenCalledTimes(2));
    expect(within(row).getByText('paid')).toBeTruthy();
  });

  it('re-fetches on every (re)connection and shows orders it had missed', async () => {
    let server: OrderSummary[] = [summary(7, 'paid')];
    const orders = vi.fn(() => Promise.resolve(server));
    renderWith(<OrdersPage />, fakeApi({ orders }));
    await screen.findByRole('link', { name: 'Order 7' });
    server = [summary(8, 'submitted'), summary(7, 'shipped')];
    act(() => FakeEventSource.latest().open());
    expect(await screen.findByRole('link', { name: 'Order 8' })).toBeTruthy();
    expect(screen.getByText('shipped')).toBeTruthy();
  });

  it('after a checkout, says "Order placed" and polls until the new order is listed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      navigate('/orders', { flash: 'Order placed', newerThan: 7 }, true);
      let server: OrderSummary[] = [summary(7, 'paid')];
      const orders = vi.fn(() => Promise.resolve(server));
      renderWith(<OrdersPage />, fakeApi({ orders }));
      expect(screen.getByRole('status').textContent).toBe('Order placed');
      await screen.findByRole('link', { name: 'Order 7' });
      server = [summary(8, 'submitted'), summary(7, 'paid')];
      await act(() => vi.advanceTimersByTimeAsync(2_100));
      expect(await screen.findByRole('link', { name: 'Order 8' })).toBeTruthy();
      const calls = orders.mock.calls.length;
      await act(() => vi.advanceTimersByTimeAsync(10_000));
      expect(orders.mock.calls.length).toBe(calls);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes the stream when the page is left', async () => {
    const { unmount } = renderWith(<OrdersPage />, fakeApi({ orders: () => Promise.resolve([]) }));
    expect(await screen.findByText('You have no orders yet.')).toBeTruthy();
    unmount();
    expect(FakeEventSource.latest().closed).toBe(true);
  });
});

describe('OrderPage', () => {
  it('shows "Status: …" in a polite live region and moves it on from the stream', async () => {
    const order = {
      ...summary(7, 'stockconfirmed' as const),
      buyerName: 'Alice',
      street: '1 Main Street',
      city: 'Springfield',
      state: 'OR',
      country: 'USA',
      zipCode: '97477',
      items: [{ productId: 1, productName: 'Mug', unitPrice: 12.75, units: 2, pictureUrl: '' }],
      statusHistory: [],
    };
    renderWith(<OrderPage id={7} />, fakeApi({ order: () => Promise.resolve(order) }));
    expect(screen.getByRole('heading', { name: 'Order 7' })).toBeTruthy();
    const status = await screen.findByText('Status: stockconfirmed');
    expect(status.getAttribute('aria-live')).toBe('polite');
    act(() => FakeEventSource.latest().send({ orderId: 99, status: 'cancelled' }));
    expect(screen.getByText('Status: stockconfirmed')).toBeTruthy();
    act(() => FakeEventSource.latest().send({ orderId: 7, status: 'paid' }));
    expect(screen.getByText('Status: paid')).toBeTruthy();
    expect(screen.getByText('$25.50')).toBeTruthy();
  });
});
