import { ORDER_STATUSES, type OrderStatus } from '@eshop/contracts';
import { Order, type NewOrder } from './order';
import { InvalidOrderError, OrderStatusTransitionError } from './order.errors';
import type { OrderLine } from './order-lines';

const line = (productId: number, unitPriceCents: number, units: number): OrderLine => ({
  productId,
  productName: `product ${productId}`,
  unitPriceCents,
  units,
  pictureUrl: '',
});

const newOrder = (lines: OrderLine[] = [line(1, 1999, 3), line(2, 10, 1)]): NewOrder => ({
  buyerId: 'alice',
  buyerName: 'Alice',
  address: { street: '1 Main St', city: 'Redmond', state: 'WA', country: 'US', zipCode: '98052' },
  lines,
});

/** The moves the issue allows, written out (not derived from the implementation's table). */
const ALLOWED = new Set([
  'submitted→awaitingvalidation',
  'submitted→cancelled',
  'awaitingvalidation→stockconfirmed',
  'awaitingvalidation→cancelled',
  'stockconfirmed→paid',
  'stockconfirmed→cancelled',
  'paid→shipped',
]);

/** An order brought to `status` along the happy path (or cancelled from submitted). */
function orderIn(status: OrderStatus): Order {
  const order = Order.submit(newOrder());
  order.saved(7);
  const path: Record<OrderStatus, Array<(o: Order) => void>> = {
    submitted: [],
    awaitingvalidation: [(o) => o.confirmGracePeriod()],
    stockconfirmed: [(o) => o.confirmGracePeriod(), (o) => o.confirmStock()],
    paid: [(o) => o.confirmGracePeriod(), (o) => o.confirmStock(), (o) => o.markPaid()],
    shipped: [(o) => o.confirmGracePeriod(), (o) => o.confirmStock(), (o) => o.markPaid(), (o) => o.ship()],
    cancelled: [(o) => o.cancel('buyer changed their mind')],
  };
  for (const step of path[status]) step(order);
  return order;
}

const moveTo: Partial<Record<OrderStatus, (order: Order) => void>> = {
  awaitingvalidation: (o) => o.confirmGracePeriod(),
  stockconfirmed: (o) => o.confirmStock(),
  paid: (o) => o.markPaid(),
  shipped: (o) => o.ship(),
  cancelled: (o) => o.cancel('stock rejected'),
};

describe('Order state machine', () => {
  const pairs = ORDER_STATUSES.flatMap((from) =>
    Object.keys(moveTo).map((to) => [from, to as OrderStatus] as const),
  );

  it.each(pairs)('%s → %s follows the allowed transitions', (from, to) => {
    const order = orderIn(from);
    const move = () => moveTo[to]?.(order);
    if (ALLOWED.has(`${from}→${to}`)) {
      move();
      expect(order.status).toBe(to);
    } else {
      expect(move).toThrow(OrderStatusTransitionError);
      expect(order.status).toBe(from);
    }
  });

  it('never returns to submitted and has no way out of shipped or cancelled', () => {
    for (const final of ['shipped', 'cancelled'] as const) {
      const order = orderIn(final);
      for (const move of Object.values(moveTo)) expect(() => move?.(order)).toThrow(OrderStatusTransitionError);
    }
  });

  it('explains a refused cancel with a stable code', () => {
    const order = orderIn('paid');
    expect(() => order.cancel('too late')).toThrow(
      expect.objectContaining({
        code: 'ORDER_STATUS_TRANSITION_NOT_ALLOWED',
        kind: 'conflict',
        message: 'order 7 is paid: it cannot become cancelled (an order can be cancelled only before it is paid)',
      }),
    );
  });

  it('records every move in the history, with the cancellation reason', () => {
    const order = orderIn('awaitingvalidation');
    order.cancel('stock rejected for product 2');
    const { history, description } = order.snapshot();
    expect(history.map((h) => h.status)).toEqual(['submitted', 'awaitingvalidation', 'cancelled']);
    expect(history[2]?.reason).toBe('stock rejected for product 2');
    expect(description).toBe('stock rejected for product 2');
  });

  it('hands out only the status changes made since it was loaded or saved', () => {
    const order = Order.rehydrate(orderIn('stockconfirmed').snapshot());
    expect(order.takeNewStatusChanges()).toEqual([]);
    order.markPaid();
    expect(order.takeNewStatusChanges().map((c) => c.status)).toEqual(['paid']);
    expect(order.takeNewStatusChanges()).toEqual([]);
  });
});

describe('Order lines and totals', () => {
  it('totals units × unit price in integer cents', () => {
    expect(Order.submit(newOrder()).totalCents).toBe(3 * 1999 + 10);
  });

  it('merges lines of one product and lists the stock items', () => {
    const order = Order.submit(newOrder([line(4, 500, 2), line(5, 100, 1), line(4, 500, 3)]));
    expect(order.stockItems).toEqual([
      { productId: 4, units: 5 },
      { productId: 5, units: 1 },
    ]);
    expect(order.totalCents).toBe(2_600);
  });

  it.each([
    [[], 'items: an order needs at least one item'],
    [[line(1, 100, 0)], 'items.0.units: must be a positive integer'],
    [[line(1, -1, 1)], 'items.0.unitPrice: must be a non-negative amount'],
    [[line(1, 100, 1), line(1, 200, 1)], 'items.1.unitPrice: product 1 appears twice at different prices'],
  ])('refuses %j', (lines, message) => {
    expect(() => Order.submit(newOrder(lines))).toThrow(new InvalidOrderError(message));
  });
});

describe('Order refunds', () => {
  const order = () =>
    Order.submit({
      buyerId: 'b',
      buyerName: 'B',
      address: { street: 's', city: 'c', state: 'st', country: 'co', zipCode: 'z' },
      lines: [{ productId: 1, productName: 'p', unitPriceCents: 1_999, units: 2, pictureUrl: '' }],
    });

  it('starts with nothing refunded and adds what payment gave back', () => {
    const cancelledOrder = order();
    cancelledOrder.cancel('cancelled by the buyer');
    expect(cancelledOrder.refundedCents).toBe(0);
    cancelledOrder.recordRefund(3_998);
    expect(cancelledOrder.refundedCents).toBe(3_998);
    expect(cancelledOrder.status).toBe('cancelled');
  });

  it('refuses an amount that is not whole non-negative cents', () => {
    expect(() => order().recordRefund(-1)).toThrow('amount: not a refundable amount: -1');
    expect(() => order().recordRefund(1.5)).toThrow('amount:');
  });
});
