import { useEffect, useRef } from 'react';
import { parseOrderStatusEvent, type OrderStatusEvent } from './order-status-event';

export const ORDER_EVENTS_PATH = '/api/orders/events';

interface Handlers {
  /** The stream (re)connected: whatever was missed while it was down, a re-fetch finds. */
  readonly onOpen: () => void;
  readonly onStatus: (event: OrderStatusEvent) => void;
}

/**
 * Listens to the signed-in buyer's order status changes while the page is open. The
 * gateway sends them without an `event:` name, so `onmessage` receives them; EventSource
 * reconnects by itself (sending Last-Event-ID) and every (re)open triggers `onOpen`.
 */
export function useOrderEvents(enabled: boolean, handlers: Handlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(ORDER_EVENTS_PATH);
    source.onopen = () => latest.current.onOpen();
    source.onmessage = (message: MessageEvent) => {
      const event = parseOrderStatusEvent(message.data);
      if (event) latest.current.onStatus(event);
    };
    return () => source.close();
  }, [enabled]);
}
