import type { OrderSummary } from '../api/types';
import { laterStatus } from './order-status';
import type { OrderStatusEvent } from './order-status-event';

/** The orders list as the page shows it: what the last fetch said, moved on by live events. */
export type LiveOrders = readonly OrderSummary[] | null;

export type LiveOrdersAction =
  | { readonly type: 'loaded'; readonly orders: readonly OrderSummary[] }
  | { readonly type: 'status'; readonly event: OrderStatusEvent };

/**
 * A fetch may have started before an event the page already applied, so a loaded list
 * keeps, per order, the later of its status and the one shown. An event for an order not
 * listed yet changes nothing: the page re-fetches on every event and the order arrives then.
 */
export function liveOrdersReducer(state: LiveOrders, action: LiveOrdersAction): LiveOrders {
  switch (action.type) {
    case 'loaded': {
      const shown = new Map((state ?? []).map((order) => [order.orderNumber, order.status]));
      return action.orders.map((order) => {
        const status = shown.get(order.orderNumber);
        return status === undefined ? order : { ...order, status: laterStatus(status, order.status) };
      });
    }
    case 'status': {
      if (state === null) return state;
      const { orderId, status } = action.event;
      let changed = false;
      const next = state.map((order) => {
        if (order.orderNumber !== orderId) return order;
        const later = laterStatus(order.status, status);
        if (later === order.status) return order;
        changed = true;
        return { ...order, status: later };
      });
      return changed ? next : state;
    }
  }
}
